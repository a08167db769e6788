"""What the users app declares (see ``core.hooks``). Its demo accounts are made first by
``seed_demo`` itself, since every other app's demo data needs them."""

from __future__ import annotations

from core import hooks
from users import personal_data

hooks.register_personal_data(personal_data)
