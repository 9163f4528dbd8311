"""Build the Kasvuallianssi site: `python build.py --help`."""
import sys

from microsite.cli import main

if __name__ == "__main__":
    sys.exit(main(whole_process=True))
