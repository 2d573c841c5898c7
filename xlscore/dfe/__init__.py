"""Benchmarks and population straight from the files DfE and ONS publish.

The only part of xlscore that uses pandas: the CLI imports this package inside the
`benchmarks` and `population` commands, never during a build.
"""

from xlscore.dfe.benchmarks import BenchmarksWritten, MeasureLine, write_benchmarks
from xlscore.dfe.population import PopulationSet, population_block, set_population

__all__ = ["BenchmarksWritten", "MeasureLine", "PopulationSet", "population_block",
           "set_population", "write_benchmarks"]
