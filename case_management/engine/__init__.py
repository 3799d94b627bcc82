"""The rules of case_management, as pure functions.

Nothing in this package imports frappe: every rule an auditor may ask about (is this phone
number valid, may this case become Active, is this household well formed) can be read and
tested here on its own. Controllers and jobs call these functions and store their results.
"""
