"""The words members meet, explained once, in plain English.

Every page that uses one of these words explains it with the same sentence, through
``{% glossary "quota" %}`` (``core/templatetags/glossary.py``), and the Glossary page lists
them all. Add a word here, never a one-off explanation in a template.

Each term has a ``term`` (as it appears in a sentence) and a ``definition`` that reads on its
own, starting with what the thing is. Keep definitions to two or three short sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class Term:
    slug: str
    term: Text
    definition: Text
    # The summary of the "details" that explains it; "What does <term> mean?" if not given.
    question: Text | None = None

    @property
    def anchor(self) -> str:
        return "term-" + self.slug.replace(" ", "-")

    def summary(self) -> str:
        if self.question:
            return str(self.question)
        return gettext("What does %(term)s mean?") % {"term": self.term}


_TERMS = (
    # Councils and elections
    Term(
        "council",
        _("council"),
        _(
            "A group of people on probation, chosen by other people on probation, who tell the "
            "probation service what is working and what is not. Senior managers must answer "
            "what the council raises."
        ),
        _("What is the council?"),
    ),
    Term(
        "constituency",
        _("constituency"),
        _(
            "The place, or the group of people, that a representative speaks for. For example "
            "everyone on probation in Leicester City, or everyone in the women's group."
        ),
        _("What is a constituency?"),
    ),
    Term(
        "representative",
        _("representative"),
        _(
            "A person on probation who sits on the council for their constituency. They take "
            "what members raise to council meetings and report back."
        ),
        _("What is a representative?"),
    ),
    Term(
        "co-opted",
        _("co-opted"),
        _(
            "Asked to join the council without an election, usually to fill an empty seat "
            "until the next election. A co-opted representative can do everything an elected "
            "one can."
        ),
    ),
    Term(
        "portfolio",
        _("portfolio"),
        _(
            "A subject a representative takes the lead on for the council, such as housing or "
            "unpaid work."
        ),
        _("What is a portfolio?"),
    ),
    Term(
        "returning officer",
        _("returning officer"),
        _(
            "The independent person who runs an election: they open and close nominations and "
            "voting, check nominations, and run the count. They do not work for your probation "
            "team and cannot see how anyone voted."
        ),
        _("Who is the returning officer?"),
    ),
    Term(
        "nomination",
        _("nomination"),
        _(
            "Putting someone forward to stand in an election: yourself, or someone else who "
            "agrees. The returning officer checks each nomination."
        ),
        _("What is a nomination?"),
    ),
    Term(
        "voter roll",
        _("voter roll"),
        _(
            "The list of people who can vote in an election. It is fixed when voting opens: "
            "everyone who is then an active member of the constituency."
        ),
        _("What is the voter roll?"),
    ),
    Term(
        "ranking",
        _("ranking your choices"),
        _(
            "You put 1 next to the person you want most, 2 next to your next choice, and so on. "
            "If your first choice does not need your vote, it helps your next choice instead. "
            "You can number as many or as few as you like."
        ),
        _("How does ranking your choices work?"),
    ),
    Term(
        "quota",
        _("quota"),
        _(
            "The number of votes a candidate needs to be sure of being elected. It depends on "
            "how many people voted and how many seats there are: with one seat, it is just over "
            "half of the votes."
        ),
    ),
    Term(
        "transfer",
        _("transfer"),
        _(
            "When a vote moves to the voter's next choice. This happens when their first choice "
            "is already elected with more votes than they need, or has the fewest votes and "
            "drops out of the count."
        ),
    ),
    Term(
        "surplus",
        _("surplus"),
        _(
            "The votes an elected candidate has over the quota. They are passed on to the next "
            "choices of that candidate's voters, so no vote is wasted."
        ),
    ),
    Term(
        "turnout",
        _("turnout"),
        _("How many of the people on the voter roll voted, for example 41 of 120 members."),
    ),
    Term(
        "drawing lots",
        _("drawing lots"),
        _(
            "Choosing at random, when two candidates have exactly the same number of votes at "
            "every stage and the rules give no other way to choose. The portal does it in a "
            "way anyone can check afterwards."
        ),
    ),
    Term(
        "re-open nominations",
        _("re-open nominations (none of these)"),
        _(
            "A choice on the ballot paper for when you do not want any of the candidates. If it "
            "wins a seat, that seat is left empty and nominations open again."
        ),
        _("What does ‘re-open nominations’ mean?"),
    ),
    Term(
        "receipt code",
        _("receipt code"),
        _(
            "A code you are shown once after you vote. With it you can check that your vote was "
            "counted, without anyone being able to see who you voted for."
        ),
        _("What is a receipt code?"),
    ),
    Term(
        "single transferable vote",
        _("single transferable vote"),
        _(
            "The way council elections are counted. You number the candidates in order, and "
            "your vote goes to your first choice; if they do not need it, or cannot win, it "
            "moves on to your next choice."
        ),
        _("What is the single transferable vote?"),
    ),
    Term(
        "stage",
        _("stage"),
        _(
            "One step of the count. At each stage either an elected candidate's extra votes are "
            "passed on, or the candidate with the fewest votes drops out, until every seat is "
            "filled."
        ),
        _("What is a stage of the count?"),
    ),
    Term(
        "exclusion",
        _("exclusion"),
        _(
            "When no one has extra votes to pass on, the candidate with the fewest votes drops "
            "out of the count: they are excluded. Their votes move to their voters' next "
            "choices."
        ),
        _("What does ‘excluded’ mean?"),
    ),
    Term(
        "non-transferable",
        _("non-transferable"),
        _(
            "A vote that cannot move on, because the voter numbered no one else who is still "
            "in the count. It is set aside and still counts towards turnout."
        ),
        _("What does ‘went no further’ mean?"),
    ),
    Term(
        "election log",
        _("election log"),
        _(
            "The public list of every step of an election, in order, such as when voting "
            "opened and closed. Each step has a code that depends on all the steps before it, "
            "so no step can be changed afterwards without anyone noticing."
        ),
        _("What is the election log?"),
    ),
    Term(
        "fingerprint",
        _("fingerprint"),
        _(
            "A long code worked out from a file or a list. The smallest change to it gives a "
            "completely different code, so if the code is the same, nothing has changed."
        ),
        _("What is a fingerprint?"),
    ),
    Term(
        "blt file",
        _("BLT file"),
        _(
            "A file of every ballot paper, in the format other vote-counting programs read, so "
            "anyone can count the votes again themselves. It never says who cast a ballot."
        ),
        _("What is a BLT file?"),
    ),
    Term(
        "cancelled election",
        _("cancelled election"),
        _(
            "An election the returning officer stopped before any result was released. Nobody "
            "is elected, and any votes already cast are destroyed without being counted."
        ),
        _("What happens when an election is cancelled?"),
    ),
    # Consultations
    Term(
        "consultation",
        _("consultation"),
        _(
            "A set of questions the probation service asks to find out what people think, "
            "before it decides something. You choose whether to answer."
        ),
        _("What is a consultation?"),
    ),
    Term(
        "anonymous",
        _("anonymous"),
        _(
            "Your answers are kept with nothing that links them to you. Nobody, not even the "
            "data steward, can find out which answers are yours."
        ),
    ),
    Term(
        "pseudonymous",
        _("pseudonymous"),
        _(
            "Your answers are kept without your name. Staff who read them cannot see who wrote "
            "them. Only the data steward can find out, for a serious reason such as someone's "
            "safety. If they do, you are told, unless telling you could put someone at risk."
        ),
    ),
    Term(
        "data steward",
        _("data steward"),
        _(
            "A person independent of probation staff who keeps people's names apart from their "
            "answers. They are the only person who can find out who wrote a pseudonymous "
            "answer, and must write down why. Every time is recorded and checked."
        ),
        _("Who is the data steward?"),
    ),
    Term(
        "withdrawal code",
        _("withdrawal code"),
        _(
            "A code you are shown after you send anonymous answers. Because we do not know the "
            "answers are yours, this code is the only way to take them back. Keep it somewhere "
            "safe."
        ),
        _("What is a withdrawal code?"),
    ),
    Term(
        "withdraw",
        _("withdraw your answers"),
        _(
            "Take your answers back. They are deleted and not used. You do not have to give a "
            "reason."
        ),
        _("What happens if I withdraw my answers?"),
    ),
    Term(
        "theme",
        _("theme"),
        _(
            "Something many people said, found by staff reading all the answers. Themes are "
            "published so everyone can see what people said, without anyone's words being "
            "traced to them."
        ),
        _("What is a theme?"),
    ),
    # Peer support and actions
    Term(
        "peer mentor",
        _("peer mentor"),
        _(
            "Someone with their own experience of probation, trained to support others who are "
            "on probation now."
        ),
        _("What is a peer mentor?"),
    ),
    Term(
        "safeguarding",
        _("safeguarding"),
        _(
            "Protecting people from harm. A safeguarding concern is a worry that someone may be "
            "at risk, and trained staff must look at it."
        ),
    ),
    Term(
        "you said we did",
        _("You said, we did"),
        _(
            "The public list of what the probation service has changed because of what people "
            "on probation said, and how far each change has got."
        ),
        _("What is ‘You said, we did’?"),
    ),
)

TERMS: dict[str, Term] = {t.slug: t for t in _TERMS}


class UnknownTerm(KeyError):
    """A template asked for a word the glossary does not have: add it to ``_TERMS``."""


def term(slug: str) -> Term:
    try:
        return TERMS[slug]
    except KeyError:
        raise UnknownTerm(slug) from None


def all_terms() -> list[Term]:
    """Every term, in alphabetical order of the word as shown."""
    return sorted(TERMS.values(), key=lambda t: str(t.term).lower())
