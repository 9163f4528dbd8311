"""Write a deterministic synthetic site in our content format: `python bench/corpus.py N DIR`.

N pages per language (about 400 words each: headings, lists, links, emphasis), news posts, and the
data files, with the real templates and catalogs copied beside them so the benchmark measures them.
The translations are stamped with their sources, as `status --mark` does on a site kept up to date.
"""
from __future__ import annotations

import argparse
import datetime
import random
import shutil
from pathlib import Path

import sys

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microsite.load import load_markdown  # noqa: E402
from microsite.model import content_hash  # noqa: E402
from microsite.translation import stamp  # noqa: E402
WORDS = {
    "fi": ("kasvu kaupunki valtio allianssi yhteistyö osaaminen työvoima koulutus tutkimus kehitys innovaatio "
           "palvelu uudistus kestävä kilpailukyky investointi liikenne maankäyttö turvallisuus huoltovarmuus vienti "
           "elinvoima kumppanuus ratkaisu haaste vahvuus tavoite ohjelma kansainvälinen asukas yritys alusta").split(),
    "en": ("growth city state alliance cooperation skills labour education research development innovation "
           "service reform sustainable competitiveness investment transport land use security supply export "
           "vitality partnership solution challenge strength goal programme international resident business platform").split(),
}
NEWS_PER_PAGES = 10  # one news post for every ten pages


def sentence(rng: random.Random, lang: str, words: int) -> str:
    vocabulary = WORDS.get(lang, WORDS["en"])  # a language without a word list of its own borrows English
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, lang: str, index: int, pages: int) -> str:
    """About 400 words of Markdown with two subheadings, a list, emphasis and links to other pages."""
    parts = []
    for _ in range(2):
        parts.append(f"## {sentence(rng, lang, 4)[:-1]}")
        parts.append(" ".join(sentence(rng, lang, 12) for _ in range(6)))
        other = rng.randrange(pages)
        word = lambda: rng.choice(WORDS.get(lang, WORDS["en"]))  # noqa: E731
        parts.append(f"{sentence(rng, lang, 8)[:-1]} *{word()}*, **{word()}**, [{word()}](page-{other:05d}.md).")
        parts.append("\n".join(f"- {sentence(rng, lang, 6)}" for _ in range(4)))
        parts.append(" ".join(sentence(rng, lang, 12) for _ in range(5)))
    return "\n\n".join(parts) + "\n"


def front_matter(**fields) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n"


def write_corpus(pages: int, target: Path) -> None:
    """Write the synthetic site into target (which is replaced)."""
    if target.exists():
        shutil.rmtree(target)
    for folder in ("templates", "i18n"):
        shutil.copytree(ROOT / folder, target / folder)
    content = target / "content"
    content.mkdir(parents=True)
    for name in ("site.yaml", "themes.yaml", "signatories.yaml", "cooperation.yaml", "accessibility.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    languages = [lang["code"] for lang in yaml.safe_load((ROOT / "content" / "site.yaml").read_text())["languages"]]
    for lang in languages:
        (content / lang).mkdir()
        for name in ("index.md", "404.md", "accessibility.md", "themes.md", "signatories.md", "cooperation.md", "news.md"):
            shutil.copy(ROOT / "content" / lang / name, content / lang / name)
        write_pages(content / lang, lang, pages)
        write_news(content / lang / "news", lang, max(1, pages // NEWS_PER_PAGES))
    for lang in languages[1:]:
        stamp_translations(content / languages[0], content / lang)


def stamp_translations(sources: Path, translations: Path) -> None:
    """Stamp each generated translation with the hash of its source, as `status --mark` would."""
    for path in sorted(translations.glob("page-*.md")) + sorted(translations.glob("news/post-*.md")):
        source = load_markdown(sources / path.relative_to(translations), path.name)
        stamp(path, content_hash(source.meta.data, source.body))


def write_pages(folder: Path, lang: str, pages: int) -> None:
    rng = random.Random(f"pages-{lang}")
    for i in range(pages):
        title = f"{sentence(rng, lang, 3)[:-1]} {i}"
        meta = front_matter(title=title, description=sentence(rng, lang, 14), slug=f"{lang}-page-{i:05d}")
        (folder / f"page-{i:05d}.md").write_text(meta + body(rng, lang, i, pages), encoding="utf-8")


def write_news(folder: Path, lang: str, posts: int) -> None:
    rng = random.Random(f"news-{lang}")
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2020, 1, 1)
    for i in range(posts):
        meta = front_matter(title=f"{sentence(rng, lang, 4)[:-1]} {i}", description=sentence(rng, lang, 12),
                            slug=f"post-{i:05d}", date=start + datetime.timedelta(days=7 * i))
        (folder / f"post-{i:05d}.md").write_text(meta + body(rng, lang, i, 1).replace("page-00000.md", "../index.md"),
                                                 encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int, help="pages per language")
    parser.add_argument("target", type=Path, help="folder to write the site into (replaced)")
    args = parser.parse_args()
    write_corpus(args.pages, args.target)
    print(f"Wrote {args.pages} pages per language and news posts into {args.target}")


if __name__ == "__main__":
    main()
