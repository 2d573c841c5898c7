"""Ofsted's Annex A lists (child-level records) -> the scorecard's figures.

Reading (`reading`: a file or folder -> an `Extract` of typed rows), the rules (`rules`: pure
functions, one per standard measure, each a definition written once), which extract gives
which month (`windows`) and the step that turns a folder of extracts into facts for the
calculator (`figures`). Nothing child-level leaves this package except through `--audit`.
"""
