"""The command line: turns content errors into one line each and an exit code, never a traceback."""
from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import traceback
from pathlib import Path

from . import failures, interrupts, messages
from .confine import INPUT_FOLDERS
from .errors import WARNING, ContentError, ContentErrors, raise_if_any
from .messages import N_, _, ngettext_

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("build", "serve", "status", "check", "review")
CACHE_FOLDER = ".cache"
BUG_STATUS = 70  # EX_SOFTWARE of sysexits.h: an internal error


class Parser(argparse.ArgumentParser):
    """argparse's parser, its error line in the editor's language (error() is argparse's documented hook)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {problem}", prog=self.prog, problem=message) + "\n")


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python build.py", description=_("Build, preview and check the Kasvuallianssi site."),
                    add_help=False)
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    commands = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}")
    build = commands.add_parser("build", add_help=False, help=_("build the site into dist/ (the default command)"))
    _site_options(build)
    build.add_argument("--out", type=Path, default=None, help=_("output folder (default: dist/ beside build.py)"))
    build.add_argument("--drafts", action="store_true", help=_("include pages marked draft: true"))
    build.add_argument("--strict", action="store_true", help=_("missing or outdated translations are errors"))
    build.add_argument("--publish", action="store_true",
                       help=_("the build will be published: a fact the law requires, or the real address, "
                              "missing is an error"))
    build.add_argument("--no-cache", action="store_true",
                       help=_("rebuild everything, ignoring and not writing the cache in {folder}/",
                              folder=CACHE_FOLDER))
    serve = commands.add_parser("serve", add_help=False, help=_("preview with live reload on 127.0.0.1"))
    _site_options(serve, base_url=False)
    serve.add_argument("--port", type=int, default=8000, help=_("port to serve on (default: 8000)"))
    status = commands.add_parser("status", add_help=False, help=_("translation status per language"))
    _site_options(status, base_url=False)
    status.add_argument("--json", action="store_true", help=_("print the status as JSON, for CI"))
    status.add_argument("--strict", action="store_true", help=_("exit 1 if anything is missing or outdated"))
    status.add_argument("--mark", nargs="+", type=Path, metavar="FILE",
                        help=_("stamp these translations as made from their source's current text"))
    check = commands.add_parser("check", add_help=False,
                                help=_("build into a temporary folder and verify the output"))
    _site_options(check)
    check.add_argument("--external", action="store_true", help=_("also check external links (needs the network)"))
    _review_options(commands)
    return parser


def _review_options(commands) -> None:
    review = commands.add_parser("review", add_help=False,
                                 help=_("compare the site built from the working tree with a git revision's"))
    _site_options(review)
    review.add_argument("base", nargs="?", default=None, metavar="BASE",
                        help=_("the git revision to compare with (default: HEAD if there are uncommitted changes, "
                               "else the merge base with main)"))
    review.add_argument("--json", action="store_true", help=_("print the review as JSON, for CI"))
    review.add_argument("--html", type=Path, default=None, metavar="DIR",
                        help=_("also write the review as a web page into DIR"))
    review.add_argument("--screenshots", action="store_true",
                        help=_("show each changed page before and after in the web page (needs Chromium)"))


def _site_options(parser: argparse.ArgumentParser, base_url: bool = True) -> None:
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    parser.add_argument("--debug", action="store_true", help=_("on an internal error, print its traceback"))
    parser.add_argument("--lang", choices=messages.languages(), default=None,
                        help=_("the language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, "
                               "else the site's first language)"))
    parser.add_argument("--source", type=Path, default=None,
                        help=_("folder holding content/, templates/ and i18n/ (default: beside build.py)"))
    if base_url:
        parser.add_argument("--base-url", default=None,
                            help=_("the address the site is served from, such as https://example.org/kasvu/"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        close = difflib.get_close_matches(argv[0], COMMANDS, n=1, cutoff=0.5)
        values = {"word": argv[0], "guess": close[0] if close else "", "commands": ", ".join(COMMANDS)}
        if close:
            parser.error(_("there is no command '{word}' (did you mean '{guess}'?). The commands are {commands}.",
                           **values))
        parser.error(_("there is no command '{word}'. The commands are {commands}.", **values))
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "build")
    args = parser.parse_args(argv)
    if getattr(args, "base_url", None) is not None and not _valid_base_url(args.base_url):
        parser.error(_("--base-url must be a full http(s) address, such as https://example.org/kasvu/ (got {url})",
                       url=repr(args.base_url)))
    if getattr(args, "screenshots", False) and args.html is None:
        parser.error(_("--screenshots needs --html DIR, the web page they are shown in"))
    args.root = _root(args.source)
    return args


def _valid_base_url(url: str) -> bool:
    from .config import is_valid_base_url  # here, not at the top: an up-to-date build imports nothing heavy
    return is_valid_base_url(url)


def main(argv: list[str] | None = None, whole_process: bool = False) -> int:
    """Run a command; 0 on success, 1 on content errors or a fault of the machine, 70 on a bug in the tool.
    whole_process: the command is the process (build.py), which ignores Ctrl+C once the command is done."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Chosen before parsing, so that the parser's errors speak it too; the site's own language is read from
    # --source's site.yaml, once.
    lang, root = _early_option(argv, "--lang"), _root(_early_option(argv, "--source"))
    messages.use(messages.choose(lang, os.environ, root))
    args = parse_args(argv)
    if (args.lang, args.root) != (lang, root):  # an abbreviated option (--sou) the early look did not see
        messages.use(messages.choose(args.lang, os.environ, args.root))
    try:
        with interrupts.handled(then_ignore=whole_process, publishing=args.command == "build"):
            return run_command(args)
    except ContentErrors as exc:
        print_errors(exc.errors)
        count = len(exc.errors)
        if args.command == "build":
            print(ngettext_("Build failed: {count} problem; the previous site was left as it was.",
                            "Build failed: {count} problems; the previous site was left as it was.", count),
                  file=sys.stderr)
        else:
            print(ngettext_("{count} problem found.", "{count} problems found.", count), file=sys.stderr)
        return 1
    except interrupts.Interrupted as exc:
        print(failures.explain_interrupt(str(exc), exc.published), file=sys.stderr)
        return 0 if exc.published else exc.exit_status
    except KeyboardInterrupt:  # Ctrl+C before our handler was in place, or after it was taken down
        print(failures.explain_interrupt("SIGINT", interrupts.published()), file=sys.stderr)
        return 0 if interrupts.published() else 130
    except OSError as exc:
        _debug_trace(args)
        print(failures.explain_os_error(exc, interrupts.published()), file=sys.stderr)
        return 0 if interrupts.published() else 1
    except Exception as exc:  # a bug in the tool: said so in one line, the traceback only with --debug
        _debug_trace(args)
        print(failures.explain_bug(exc, args.debug), file=sys.stderr)
        return BUG_STATUS


def _early_option(argv: list[str], name: str) -> str | None:
    """The value of an option of the site's (--lang, --source), read before the arguments are parsed."""
    for index, word in enumerate(argv):
        if word.startswith(name + "="):
            return word.split("=", 1)[1] or None
        if word == name and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _root(source: str | Path | None) -> Path:
    """The site's folder: --source, else the folder of build.py."""
    return Path(source or ROOT).resolve()


def run_command(args: argparse.Namespace) -> int:
    if args.command == "serve":
        from .serve import serve
        return serve(args.root, args.port)
    return {"build": run_build, "status": run_status, "check": run_check, "review": run_review}[args.command](args)


def _debug_trace(args: argparse.Namespace) -> None:
    if args.debug:
        traceback.print_exc()


def print_errors(errors: list[ContentError], label: str = "") -> None:
    for error in errors:
        print(error.as_line(label), file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from .cache import up_to_date
    from .lock import output_lock
    from .options import Options
    from .write import tidy_beside
    out = args.out or args.root / "dist"
    raise_if_any(output_problems(out, args.root))
    out = out.resolve()
    with output_lock(out, on_wait=lambda: print(
            _("Another build into {out} is running: waiting for it to finish…", out=out), file=sys.stderr)):
        tidy_beside(out)
        cache_dir, unusable = (None, None) if args.no_cache else usable_cache_folder(args.root / CACHE_FOLDER)
        options = Options(args.root, out, args.base_url, drafts=args.drafts, strict=args.strict, cache_dir=cache_dir,
                          publish=args.publish)
        cache, inputs, summary = up_to_date(options) if options.cache_dir else (None, "", None)
        if summary is None:  # heavy imports only when there is work to do
            from .rebuild import build
            summary = build(options, cache, inputs).summary
    print_errors(([unusable] if unusable else []) + summary.warnings, WARNING)
    print(ngettext_("Built {count} page into {out} (languages: {languages})",
                    "Built {count} pages into {out} (languages: {languages})", summary.pages,
                    languages=", ".join(summary.languages), out=out))
    return 0


def output_problems(out: Path, root: Path) -> list[ContentError]:
    """Why the build must not replace out, if it must not: the build replaces the whole folder, so out may be
    neither a link, nor a folder holding or held in the site's sources (see source_problems), nor a folder of
    other files (a mistyped `--out docs` would replace the guides)."""
    problems = source_problems(out, root)
    if not problems and out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        return [ContentError(out.as_posix(), None, N_("the output folder holds files that are not a built site"),
                             N_("build into a new or empty folder, or into dist/, the default: the build replaces "
                                "everything in the folder"))]
    return problems


def source_problems(out: Path, root: Path) -> list[ContentError]:
    """Why a folder the tool replaces must not be out: a link (a committed `dist -> ~` would have it replace the
    folder linked to), or a folder holding, or held in, the site's sources."""
    shown = out.as_posix()
    if out.is_symlink():
        return [ContentError(shown, None, N_("the output folder is a link to another folder, which the build "
                                             "would replace"), N_("remove the link, or give --out the folder itself"))]
    out, root = out.resolve(), root.resolve()
    guarded = [root / name for name in (*INPUT_FOLDERS, ".git", CACHE_FOLDER)]
    if out == root or out in root.parents or any(out == p or p in out.parents or out in p.parents for p in guarded):
        return [ContentError(shown, None, N_("the output folder would replace the site's sources"),
                             N_("build into a folder of its own, such as dist/, the default"))]
    return []


def usable_cache_folder(folder: Path) -> tuple[Path | None, ContentError | None]:
    """The cache folder if files can be made in it, else None and a warning: a build needs no cache."""
    from .sealed import DamagedKey, cache_key
    if folder.is_symlink():  # would have the cache written (and read) wherever it leads
        return None, ContentError(f"{CACHE_FOLDER}/", None, N_("the build cache folder is a link, which is not used"),
                                  N_("the site was built without it, which takes longer; delete the link"))
    try:
        folder.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
        cache_key()
    except DamagedKey as exc:
        return None, ContentError(f"{CACHE_FOLDER}/", None, N_("the build cache's key {path} is damaged"),
                                  N_("the site was built without the cache, which takes longer; delete the key file"),
                                  (("path", str(exc.path)),))
    except OSError as exc:
        return None, ContentError(f"{CACHE_FOLDER}/", None, N_("the build cache cannot be written ({error})"),
                                  N_("the site was built without it, which takes longer"),
                                  (("error", exc.strerror or str(exc)),))
    return folder, None


def run_status(args: argparse.Namespace) -> int:
    from .status import mark, print_status
    if args.mark:
        return mark(args.root, args.mark)
    return print_status(args.root, as_json=args.json, strict=args.strict)


def run_check(args: argparse.Namespace) -> int:
    from .check import check_site
    return check_site(args.root, args.base_url, external=args.external)


def run_review(args: argparse.Namespace) -> int:
    import json
    from .lock import private_folder
    from .review import make_review
    from .review_report import as_json, terminal_lines
    if args.html is not None:
        from .review_html import report_problems
        raise_if_any(source_problems(args.html, args.root) or report_problems(args.html))
    with private_folder("kasvu-review-") as folder:
        review = make_review(args.root, args.base, folder, args.base_url)
        # Told first, so that a web page that cannot be written (a full or read-only disk) loses nothing of it.
        if args.json:
            print(json.dumps(as_json(review), ensure_ascii=False, indent=2), flush=True)
        else:
            print("\n".join(terminal_lines(review)), flush=True)
        if args.html is not None:
            from .review_html import write_report
            write_report(review, args.html.resolve(), screenshots=args.screenshots)
            print(_("The review as a web page: {path}", path=args.html / "index.html"), file=sys.stderr)
    return 0 if review.new.built else 1
