"""Flask extension objects shared by the views; bound to an application in ``create_app``."""

from flask_htmx import HTMX

#: True inside a request made by htmx (``HX-Request: true``); ``if htmx:`` picks fragment over page.
htmx = HTMX()
