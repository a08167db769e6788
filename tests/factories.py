"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from users.models import User
from users.roles import Role

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[str, ...] | None, **kwargs) -> None:
        if not create or not extracted:
            return
        # get_or_create: a transactional test's flush empties the groups the migration made.
        self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])
        if Role.ADMINISTRATOR in extracted:
            self.is_staff = True
            self.is_superuser = True
        self.__dict__.pop("roles", None)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Save once, after the password and role flags are set.
        if create:
            instance.save()

    @factory.post_generation
    def with_mfa(self, create: bool, extracted: bool | None, **kwargs) -> None:
        """Give the user a TOTP authenticator (staff roles need one to get past set-up)."""
        if create and extracted:
            give_totp(self)


def give_totp(user: User) -> str:
    """Activate TOTP for ``user`` and return the secret (to make codes in tests)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def make_user(*roles: str, mfa: bool | None = None, **kwargs) -> User:
    needs_mfa = bool(
        set(roles)
        & {
            r.value
            for r in (
                Role.STAFF,
                Role.SENIOR_MANAGER,
                Role.RETURNING_OFFICER,
                Role.DATA_STEWARD,
                Role.ADMINISTRATOR,
            )
        }
    )
    return UserFactory(roles=roles, with_mfa=needs_mfa if mfa is None else mfa, **kwargs)
