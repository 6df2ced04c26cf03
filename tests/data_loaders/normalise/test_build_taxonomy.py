"""The committed skills_taxonomy.csv is exactly what build_taxonomy.py makes from the sources."""

from __future__ import annotations

from pathlib import Path

from data_loaders.normalise import build_taxonomy


def test_committed_csv_matches_a_fresh_build(realdata, tmp_path: Path) -> None:
    rows = build_taxonomy.parse_curated()
    linguist = build_taxonomy.add_linguist_aliases(rows, realdata / "linguist-languages" / "languages.yml")
    onet = build_taxonomy.add_onet_aliases(rows, realdata / "onet-technology-skills" / "Technology Skills.txt")
    fresh = tmp_path / "skills_taxonomy.csv"
    build_taxonomy.write_taxonomy(rows, fresh)
    assert fresh.read_text(encoding="utf-8") == build_taxonomy.OUTPUT.read_text(encoding="utf-8")
    assert linguist > 10 and onet > 40


def test_enrichment_examples(realdata) -> None:
    rows = build_taxonomy.parse_curated()
    build_taxonomy.add_linguist_aliases(rows, realdata / "linguist-languages" / "languages.yml")
    build_taxonomy.add_onet_aliases(rows, realdata / "onet-technology-skills" / "Technology Skills.txt")
    aliases = {row["skill"]: row["aliases"] for row in rows}
    assert "Oracle Java" in aliases["Java"]
    assert "Structured query language SQL" in aliases["SQL"]
    assert "zsh" in aliases["Bash"]  # from Linguist's Shell
    assert "node" not in aliases["JavaScript"]  # Linguist says so, but for us Node is Node.js
    assert not any("Windent" in a for a in aliases["SQL"])  # another vendor's product, not SQL itself
