"""What the action plan holds about a person, for "download my data" and account deletion.

Sources hold no one's identity (their summaries are written to be public). The people to
tell about a source are held apart (``ActionSourceRaiser``) and removed with the account.
"""

from actionplan.models import (
    Action,
    ActionSource,
    ActionSourceRaiser,
    ActionUpdate,
    ChampionProfile,
    Milestone,
    Plan,
)
from actionplan.services import champion_erase
from core.personal_data import registry

registry.register(
    Action,
    user_field=("owner", "champion"),
    fields=["created_at", "title", "due_on", "status", "progress", "is_public"],
    title="Actions you own or champion",
)
registry.register(
    ActionUpdate,
    user_field="author",
    fields=["created_at", "happened_on", "note", "status_after", "progress_after", "evidence_link"],
    title="Updates you posted on actions",
)
registry.register(
    ActionSourceRaiser,
    fields=["created_at", "source__summary"],
    title="Things you raised that an action answers",
    description="You are told when these actions change. No one else can see this list.",
)
registry.register(
    ChampionProfile, fields=["public_name", "updated_at"], title="Your name on the board"
)
registry.exempt(Plan, reason="created_by only records which member of staff made the plan.")
registry.exempt(
    ActionSource, reason="added_by only records which member of staff attached the source."
)
registry.register(
    Action.history.model,
    user_field="history_user",
    fields=["history_date", "history_type", "title", "status", "progress"],
    title="Changes you made to actions",
)
registry.register(
    Milestone.history.model,
    user_field="history_user",
    fields=["history_date", "history_type", "title", "due_on", "done_on"],
    title="Changes you made to milestones",
)
registry.add_eraser(champion_erase)
