"""Write a JSON Schema for every data file, generated from the pydantic models.

Editors then get completion and error marks in their editor: each YAML file names
its schema on its first line (`# yaml-language-server: $schema=schema/<name>.schema.json`).

Usage: python scripts/make_schemas.py [--check]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def schema_name(data_file: str) -> str:
    return Path(data_file).stem + ".schema.json"


def generate() -> dict[str, str]:
    """schema file name -> JSON text, for every data file a component owns."""
    from macros.site import data_models
    out = {}
    for data_file, model in sorted(data_models().items()):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"data/{data_file}"
        out[schema_name(data_file)] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed schema is missing or stale")
    args = parser.parse_args(argv)
    target = ROOT / "data" / "schema"
    target.mkdir(exist_ok=True)
    stale = []
    for name, text in generate().items():
        path = target / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote data/schema/{name}")
    if stale:
        print("Out of date (run `make schemas`): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
