"""AIOE alone (the `import_aioe` command): one source of careers.importers.ai_exposure."""

from pathlib import Path

from careers import services as cs

from .ai_exposure import Files, import_ai_exposure


def import_aioe(path: Path, log, *, crosswalk: Path | None = None) -> cs.Summary:
    return import_ai_exposure(Files(aioe=Path(path), crosswalk=crosswalk), log)
