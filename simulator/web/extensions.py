"""Flask extension objects shared by the views; bound to an application in ``create_app``."""

from flask_htmx import HTMX
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

#: True inside a request made by htmx (``HX-Request: true``); ``if htmx:`` picks fragment over page.
htmx = HTMX()
#: Every POST needs the token: a hidden ``csrf_token`` field, or the ``X-CSRFToken`` header htmx sends
#: (``hx-headers`` on ``<body>`` in base.html).
csrf = CSRFProtect()
login_manager = LoginManager()
