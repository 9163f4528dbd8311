"""Reuse of earlier builds, as a layer around the pipeline: decide what may be reused, run the build, keep what it
made for the next one.

Three levels, cheapest first: nothing changed (the saved manifest says so, see cache.up_to_date); only the texts
of existing pages changed (quick.py remakes just those pages); anything else (pipeline.build, handed what
earlier builds made that its keys still vouch for).
"""
from __future__ import annotations

import gc
from pathlib import Path

from .cache import BuildCache, cache_file, load_part, save_cache, up_to_date
from .confine import escaping_links
from .errors import ContentError, raise_if_any
from .messages import N_
from .options import Options
from .pipeline import Result, Reuse, build as build_afresh
from .quick import LastBuild, QuickBuild, quick_rebuild


def build(options: Options, cache: BuildCache | None = None, inputs: str = "") -> Result:
    """Build the site as pipeline.build does, redoing only what changed since the builds the cache (or the one
    saved in options.cache_dir) remembers. inputs: the digest of the input files, if the caller just scanned them.
    """
    if cache is None and options.cache_dir is None:
        return build_afresh(options)
    if cache is None:
        cache, inputs, summary = up_to_date(options)
        if summary is not None:
            return Result(summary)
    elif not inputs:  # the preview's cache in memory: stamp the inputs anew
        inputs = cache.scan(options.root, options.settings)
    raise_if_any(escaping_links(options.root))  # before the quick rebuild reads a changed file
    quick = _quick(options, cache)
    result = quick.result if quick else _full(options, cache)
    cache.changed, cache.summary = set(), result.summary
    if options.cache_dir is not None:
        cache.inputs = inputs
        _save(cache, options, rest=quick is None, warnings=result.warnings)
    return result


def _quick(options: Options, cache: BuildCache) -> QuickBuild | None:
    """A quick rebuild of edited page texts, remembered in the cache as the full build would have left it."""
    load_part(cache, "last")
    if cache.last is None:
        return None
    intact = (lambda: cache.outputs_intact(options.out)) if options.cache_dir else (lambda: True)  # the preview's
    quick = quick_rebuild(options, cache.last, cache.changed, intact, cache.environments, _compiled(options, cache))
    if quick is not None:
        cache.files.update(quick.files)
        cache.conversions.update(quick.conversions)
        for path in quick.result.files:  # rendered anew without records: the next full build renders them again
            cache.renders.pop(path, None)
        cache.remade |= set(quick.result.files)  # their records in the saved rest of the cache are stale now
        cache.record_written(options.out, quick.result.files, replace=False)
        cache.last, cache.environments = quick.last, quick.envs
    return quick


def _full(options: Options, cache: BuildCache) -> Result:
    """The pipeline, handed what the cache holds; what it made kept in the cache."""
    gc.unfreeze()  # most of what the cache holds is replaced: let the old be collected
    cache.last = None  # made anew by this build: let it go before the rest is read
    load_part(cache, "rest")
    result = build_afresh(options, Reuse(
        files=cache.files, scanned=cache.file_digest,
        conversions=cache.conversions,  # the last build's only: a removed page's conversion has gone with it
        renders=cache.renders, parsed=cache.parsed, intact=lambda output: cache.output_unchanged(options.out, output),
        compiled=_compiled(options, cache), in_place=cache.written or None))
    made = result.made
    assert made is not None, "a full build's result holds what it made"
    cache.files, cache.conversions = made.loaded.sources.parsed, made.conversions
    cache.renders = made.rendered.records
    cache.parsed = {record.output: made.built.parsed(path) for path, record in made.rendered.records.items()}
    cache.last, cache.environments = LastBuild.of(result, cache.files), made.envs
    cache.record_written(options.out, [*result.files, *result.reused])
    if options.cache_dir is None:
        # A cache kept in memory (the preview's) is long-lived: spare it the collector's walks until the next
        # full build. Only here, as quick rebuilds would freeze their uncollected garbage too.
        gc.freeze()
    return result


def _compiled(options: Options, cache: BuildCache) -> Path | dict[str, bytes]:
    """Where compiled templates are kept between builds: the cache's folder, or the preview's memory."""
    return options.cache_dir / "templates" if options.cache_dir is not None else cache.templates


def _save(cache: BuildCache, options: Options, rest: bool, warnings: list[ContentError]) -> None:
    """Save the cache; the site is already in place, so a failure is a warning (the next build redoes all)."""
    folder = options.cache_dir
    assert folder is not None, "saved only with a cache folder"
    try:
        save_cache(cache_file(folder, options.out, options.settings), cache, rest=rest)
    except OSError as exc:
        warnings.append(ContentError(folder.name + "/", None,
                                     N_("the build cache could not be saved ({error})"),
                                     N_("the site is built; the next build will take longer"),
                                     (("error", exc.strerror),)))
