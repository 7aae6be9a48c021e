"""marsad (مرصد): an offline observatory for Arabic news from many outlets.

Clean text, syndicated copies folded, articles grouped into stories and topics,
entities named once, dates resolved into timelines, outlets compared, and cited
extractive summaries. See README.md for the command line and docs/ for the stages.
"""

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
