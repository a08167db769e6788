"""Who may see and change what in the action plan. Every view with an id goes through here.

- Managers (staff, senior managers, administrators) see and change every plan and action.
- A user champion (a representative or peer mentor named on an action) sees that action,
  its history and evidence, and posts updates to it; other actions are "not found" to them.
- Everyone with a role sees public actions on the "You said, we did" board.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from actionplan import selectors
from actionplan.models import Action, ActionUpdate, Milestone, Objective, Plan
from users.models import User
from users.roles import Role

MANAGER_ROLES = (Role.STAFF, Role.SENIOR_MANAGER, Role.ADMINISTRATOR)
CHAMPION_ROLES = (Role.REPRESENTATIVE, Role.MENTOR)
OWNER_ROLES = (Role.STAFF, Role.SENIOR_MANAGER)


def is_manager(user: User) -> bool:
    return user.is_authenticated and user.has_role(*MANAGER_ROLES)


def is_champion_role(user: User) -> bool:
    return user.is_authenticated and user.has_role(*CHAMPION_ROLES)


def get_plan_for_manager(*, user: User, pk: int) -> Plan:
    if not is_manager(user):
        raise PermissionDenied
    try:
        return Plan.objects.get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def get_objective_for_manager(*, user: User, pk: int) -> Objective:
    if not is_manager(user):
        raise PermissionDenied
    try:
        return Objective.objects.select_related("plan").get(pk=pk)
    except Objective.DoesNotExist:
        raise Http404 from None


def get_action_for_user(*, user: User, pk: int) -> Action:
    """Managers see every action; a champion sees their own; to anyone else it is not there."""
    try:
        action = selectors.action_detail(pk=pk)
    except Action.DoesNotExist:
        raise Http404 from None
    if is_manager(user) or (action.champion_id is not None and action.champion_id == user.pk):
        return action
    raise Http404


def get_action_for_manager(*, user: User, pk: int) -> Action:
    """Only managers change an action's details; its champion is refused (403), others 404."""
    action = get_action_for_user(user=user, pk=pk)
    if not is_manager(user):
        raise PermissionDenied
    return action


def get_public_action(*, pk: int) -> selectors.BoardAction:
    try:
        return selectors.board_action(pk=pk)
    except Action.DoesNotExist:
        raise Http404 from None


def get_milestone_for_manager(*, user: User, pk: int) -> Milestone:
    if not is_manager(user):
        raise PermissionDenied
    try:
        return Milestone.objects.select_related("action").get(pk=pk)
    except Milestone.DoesNotExist:
        raise Http404 from None


def get_update_for_user(*, user: User, pk: int) -> ActionUpdate:
    """An update's evidence is for whoever may see its action."""
    try:
        update = ActionUpdate.objects.select_related("action").get(pk=pk)
    except ActionUpdate.DoesNotExist:
        raise Http404 from None
    champion_id = update.action.champion_id
    if is_manager(user) or (champion_id is not None and champion_id == user.pk):
        return update
    raise Http404
