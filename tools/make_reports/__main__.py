"""``python -m tools.make_reports``: rebuild the sample site's reports and their ground truth."""

import sys

from tools.make_reports.generate import main

sys.exit(main())
