"""`xlscore init`: a new authority's folder, from the standard catalogue of the sample.

The standard catalogue's measures, definitions, targets and directions are kept as they
are (they are the DfE-style measures most authorities report); what belongs to Slough
is taken out: its name, its population (left empty so that `check` asks for it) and its
fixed baseline month. The text is edited line by line rather than re-dumped from YAML so
that the comments and layout a person reads stay as written.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from xlscore.model import slug
from xlscore.problems import XlscoreError
from xlscore.records import record
from xlscore.texts import control_complaint

STANDARD = "standard_measures.yaml"
SCHEMA = "measures.schema.json"  # what a catalogue may hold, for an editor (JSON Schema)

README = """\
# {authority} children's services scorecard

Made by `xlscore init`. Each month, from this folder:

1. `xlscore template` writes `inputs/YYYY-MM.xlsx` for the next month
   (the first time: `xlscore template --month YYYY-MM`).
2. Fill in its first sheet: one row per measure; leave a cell blank where the figure is
   not available. Several months at once can go in `inputs/history.csv` with a `month`
   column.
3. `xlscore check` lists every problem with its file and line; fix them and run it again.
4. `xlscore build --pdf` writes `outputs/{slug}-scorecard-YYYY-MM.xlsx` and its PDF.

Before the first build, edit `measures.yaml`:

- `population`: children aged 0-17 for each financial year, e.g. `"2021/22": 41000`
  (the rates per 10,000 need it; `xlscore check` says which years are missing).
- `benchmarks`: the comparator columns, then put `inputs/benchmarks.csv` in place
  (columns `measure`, `period`, `{authority}`, then one per comparator).
- `code`: the authority's DfE code; then `xlscore benchmarks FOLDER` fills
  `inputs/benchmarks.csv` from the DfE files in FOLDER (each measure's `dfe` mapping says
  where DfE publishes it) and `xlscore population ONS_FILE` fills `population`.
- targets and tolerances: the standard ones are the sample authority's; change them to
  yours. `target: {{"2021/22": 95.0}}` sets one per financial year.

`xlscore measures` lists the catalogue.

From Ofsted's Annex A lists: put each month-end extract in `inputs/annex-a/`, its date
in its name (`annex-a-2021-03-31.xlsx`); the measures with `annex_a:` in `measures.yaml`
are then worked out from them. `xlscore annex-a` prints the figures; `xlscore annex-a
--audit annex-a-audit.csv` writes which child counted where (personal data: keep it
out of shared folders). `.gitignore` keeps both out of git.
"""

# Record-level extracts and audits are personal data about children: never committed.
GITIGNORE = """# Annex A extracts and audits hold personal data about children: never commit them.
inputs/annex-a/
*audit*
"""


@record
class Created:
    folder: Path
    catalogue: Path
    files: tuple[Path, ...]


class InitError(XlscoreError):
    """The folder cannot be created as asked; the message says why, `code` what kind."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def standard_catalogue() -> str:
    return resources.files("xlscore").joinpath(STANDARD).read_text(encoding="utf-8")


def schema_line() -> str:
    """The first line of a catalogue `init` writes: it points an editor that reads YAML
    through a language server (VS Code's YAML extension and others) at the schema installed
    with xlscore, so that keys complete and mistakes show as they are typed."""
    schema = Path(str(resources.files("xlscore").joinpath(SCHEMA))).resolve()
    return f"# yaml-language-server: $schema={schema.as_uri()}"


def catalogue_for(authority: str) -> str:
    """The standard catalogue with the authority's name and an empty population, its first
    line naming the schema."""
    quoted = json.dumps(authority, ensure_ascii=False)  # JSON strings are YAML strings
    lines, skipping = [schema_line()], False
    for line in standard_catalogue().splitlines():
        if skipping and line.startswith((" ", "\t")):
            continue  # the sample's population figures
        skipping = False
        if re.match(r"^authority:", line):
            line = f"authority: {quoted}"
        elif re.match(r"^sections:", line):
            lines.append("# contact: performance@example.gov.uk   # who answers questions "
                         "about the pack (its Cover sheet)")
        elif re.match(r"^population:", line):
            lines.append("# Children aged 0-17 by financial year, for the rates per 10,000: "
                         "fill in before the first build,")
            lines.append('# e.g. population: {"2021/22": 41000, "2022/23": 41250}')
            line, skipping = "population: {}", True
        elif re.match(r"^code:", line):
            line = ("# code: 871   # the authority's DfE code (LA number or E-code), for "
                    "xlscore benchmarks")
        elif re.match(r"^baseline:", line):
            lines.append("# baseline: 2021-04   # optional; default: April of the month's "
                         "financial year")
            continue
        elif re.match(r"^benchmarks:", line):
            lines.append("# benchmarks: replace the comparator columns with your own "
                         "statistical neighbours and region")
        elif re.match(r"^\s+sn:", line):  # the sample's 2020 figures suit the older model
            line = f"{line.split('sn:')[0]}sn: {{model: 2025, average: mean}}"
        elif re.match(r"^\s+own:", line):
            line = f"{line.split('own:')[0]}own: {quoted}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def initialise(folder: Path, authority: str) -> Created:
    """Create the folder; refuse if it already holds a catalogue."""
    authority = authority.strip()
    if not authority:
        raise InitError("--authority is empty: give the authority's name, e.g. "
                        '--authority "Bracknell Forest"', "init.no-authority")
    said = control_complaint("--authority", authority)
    if said:
        raise InitError(said, "init.control-character")
    catalogue = folder / "measures.yaml"
    if catalogue.exists():
        raise InitError(f"{catalogue} already exists: nothing was changed. Choose a new "
                        "folder, or edit that catalogue", "init.exists")
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder: choose another name",
                        "init.not-a-folder")
    text = catalogue_for(authority)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for sub in ("inputs", "outputs"):
        (folder / sub).mkdir(exist_ok=True)
        made.append(folder / sub)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
        made.append(ignore)
    readme = folder / "README.md"
    if not readme.exists():
        readme.write_text(README.format(authority=authority, slug=slug(authority)),
                          encoding="utf-8")
        made.append(readme)
    with open(catalogue, "x", encoding="utf-8") as handle:  # never replace one
        handle.write(text)
    made.append(catalogue)
    return Created(folder, catalogue, tuple(made))
