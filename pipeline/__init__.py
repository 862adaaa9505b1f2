"""Turn press releases into analysis-ready tables of programmes, amounts, durations,
officials and dates, each row traced back to its sentence and characters."""

__version__ = "0.1.0"

from .core import Pipeline, extract  # noqa: E402
from .load import Tables, load  # noqa: E402

__all__ = ["Pipeline", "Tables", "extract", "load", "__version__"]
