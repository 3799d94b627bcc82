# Copyright (c) 2026, case_management contributors
# See license.txt
# The discharge summary's rules are tested through the closing step: api/test_discharge.py.
