"""Demo data: the report's 2009 questionnaire (n = 119) and one open consultation.

The closed consultation has the seven questions of section 4.1 of the report and an
information sheet adapted from its Appendix 3. Its 119 answers were "entered by staff from
one-to-one interviews", as they were in 2009. Each free-text answer belongs to one of the
report's categories, in the report's proportions (Q1: 69 % positive, 11 % negative, 20 %
neither; Q6: 61 % yes), using the report's example comments and close variations of them.

``DEMO_QUESTIONNAIRE`` is the single source of those categories and counts, and
``category_for`` says which category a demo answer belongs to, so the coding issue can build
its codebooks and code these answers to reproduce the published figures.

The report's consultation is then coded: each free-text question gets a codebook of the
report's categories, every answer is coded to its category (the report's example comments
marked as example quotes), a fifth is double coded by a second coder with realistic
disagreement, and the lead coder settles each disagreement to the report's category, so the
coding report shows the published figures.

``seed(users)`` is idempotent: it looks consultations up by title and adds nothing twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Question, Submission
from users.models import User

REPORT_TITLE = "Involving service users in probation (the 2009 questionnaire)"
OPEN_TITLE = "Support when your order ends"
RESPONDENTS = 119


@dataclass(frozen=True)
class Category:
    name: str
    count: int
    texts: tuple[str, ...]


@dataclass(frozen=True)
class DemoQuestion:
    kind: str
    text: str
    help_text: str = ""
    categories: tuple[Category, ...] = ()
    yes: int = 0  # yes/no questions only


DEMO_QUESTIONNAIRE: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        Question.Kind.SHORT_TEXT,
        "Describe the quality of the relationship with your probation officer",
        "In a short phrase.",
        (
            Category(
                "Positive",
                82,
                (
                    "The relationship is good and helpful, not overbearing",
                    "Good, because she knows me and helps me sort out my problems",
                    "Always been there and helpful and when I've been down she tries to pick me up",
                    "We have a good relationship, we look at my past and my future and she "
                    "makes me realise what I have got to lose and helps me to come to terms "
                    "with my past.",
                    "I enjoy appointments and she is interested in me succeeding",
                    "Really good, he listens and doesn't judge me",
                    "Good. She helped me get into a hostel when I had nowhere",
                    "Very good, I can be honest with him",
                    "Excellent, best officer I've had",
                    "Good, she treats me like an adult",
                    "It's a good relationship, he keeps me on track",
                    "Positive, she went out of her way to sort my benefits",
                    "Good, he rings me back when he says he will",
                    "Helpful and supportive",
                    "Good, I trust her",
                    "Very helpful with my drug worker and housing",
                ),
            ),
            Category(
                "Negative",
                13,
                (
                    "We don't have much of a relationship because the visits are in and out "
                    "(too short)",
                    "Not good because he doesn't listen to me",
                    "All I get is hello and see you next week, what's the point in that?",
                    "The relationship is poor; I just let them do the talking",
                    "Bad, she's always threatening to breach me",
                    "Poor, I've had three officers this year",
                ),
            ),
            Category(
                "Neither positive nor negative",
                24,
                (
                    "He's good and bad",
                    "It's OK but [he] doesn't always listen to me",
                    "It's OK but he could be more sympathetic",
                    "Alright, it's just business",
                    "Depends what mood she's in",
                    "Not bad, not great",
                    "OK, I just turn up and do what I have to",
                ),
            ),
        ),
    ),
    DemoQuestion(
        Question.Kind.LONG_TEXT,
        "Why do some people choose not to attend probation programmes?",
        categories=(
            Category(
                "Pre-conceived attitudes of offenders",
                35,
                (
                    "Some people are not willing to change",
                    "Some just can't see light at the end of the tunnel",
                    "Some offenders just don't care",
                    "They've made their mind up before they walk in the door",
                    "Some think they know it all already and won't listen",
                    "People think it's a waste of time before they've even tried it",
                ),
            ),
            Category(
                "Don't see the relevance or benefit of courses",
                21,
                (
                    "There is no incentive to go because the certificates are useless and "
                    "employers disregard them",
                    "Sadly many courses are meaningless",
                    "On some programmes you feel like you're not achieving much",
                    "The courses don't relate to real life",
                    "You do the same course twice and learn nothing new",
                ),
            ),
            Category(
                "Lifestyle issues (e.g. drug use or housing)",
                21,
                (
                    "Some accommodation settings don't help people to attend.",
                    "Many have accommodation problems which make courses seem less important",
                    "Many still have drug issues and need to score",
                    "When you're using, getting to a group at nine in the morning isn't happening",
                    "If you're sofa surfing you can't think about a course",
                ),
            ),
            Category(
                "Poor relationship with probation",
                12,
                (
                    "Some people don't go because they have a bad relationship with the "
                    "probation officer",
                    "There's a general lack of trust with probation",
                    "If you don't get on with your officer you don't want to go to their groups",
                ),
            ),
            Category(
                "Resent coercion",
                10,
                (
                    "The staff on programmes are too judgemental and people resent it",
                    "They treat you like a child",
                    "People don't like being told they have to go",
                ),
            ),
            Category(
                "Fear of being embarrassed",
                8,
                (
                    "The courses work if people let them but some lads fear being embarrassed",
                    "Many are scared of class learning after so much time out of education and "
                    "previous bad experiences",
                    "Some can't read or write well and don't want people to know",
                ),
            ),
            Category(
                "Travel issues",
                6,
                (
                    "Some have to travel quite a long way which gets in the way",
                    "The bus fare is too much when you live out in the county",
                ),
            ),
            Category(
                "Some would prefer to go to prison",
                6,
                (
                    "Because some would sooner go back to prison than do courses",
                    "Some would rather do the time than the programme",
                ),
            ),
        ),
    ),
    DemoQuestion(
        Question.Kind.LONG_TEXT,
        "What could improve the ways service users relate to the service?",
        categories=(
            Category(
                "More 1 to 1 time with officers",
                42,
                (
                    "The case loads are too high and there is never enough time",
                    "More time with your officer, not just ten minutes",
                    "Longer appointments so you can actually talk",
                    "Proper one to one time where they get to know you",
                    "More one to one, less paperwork",
                ),
            ),
            Category(
                "Increased flexibility from officers",
                29,
                (
                    "Some officers are just too quick to breach",
                    "These days they are so inflexible about timings",
                    "Appointments that fit round work",
                    "If you're ten minutes late it shouldn't be a breach when they keep you "
                    "waiting half an hour",
                ),
            ),
            Category(
                "Improve the quality of relationships",
                24,
                (
                    "The key is two-way communication, we are both responsible",
                    "More help to interact with each other",
                    "Offenders need to learn to be more open",
                    "Treat people with respect and they'll respect you back",
                ),
            ),
            Category(
                "Improve employment prospects",
                14,
                (
                    "Having the feeling that you might get a job at the end would make it seem "
                    "more worthwhile",
                    "Help with getting real jobs, not just courses",
                    "Links with employers who will give you a chance",
                ),
            ),
            Category(
                "Don't know",
                10,
                ("Don't know", "Not sure really", "Can't think of anything"),
            ),
        ),
    ),
    DemoQuestion(
        Question.Kind.SHORT_TEXT,
        "What does the term Service User Involvement mean to you?",
        "In your own words.",
        (
            Category(
                "Nothing",
                60,
                ("I don't know what it means", "Never heard of it", "Nothing", "No idea"),
            ),
            Category(
                "Probation listening to service user views",
                15,
                (
                    "It's when probation listens to feedback from service users",
                    "Probation asking us what we think",
                    "Having a say in how things are run",
                ),
            ),
            Category(
                "Service users attending services",
                15,
                (
                    "It's about using what's available",
                    "Going to your appointments and groups",
                    "Taking part in what probation offers",
                ),
            ),
            Category(
                "Service users delivering services",
                13,
                (
                    "It's service users delivering programmes",
                    "Ex-offenders running the groups",
                ),
            ),
            Category(
                "Service users supporting services",
                7,
                ("Service users helping out in services", "Volunteering to help at probation"),
            ),
            Category(
                "Compliance with requirements",
                5,
                ("Someone (as service user) made to use the system", "Doing what your order says"),
            ),
            Category(
                "Doing their work for them",
                4,
                ("Us doing their work for them", "Getting us to do their job for free"),
            ),
        ),
    ),
    DemoQuestion(
        Question.Kind.SHORT_TEXT,
        "What does the term Peer Mentor mean to you?",
        "In your own words.",
        (
            Category(
                "Service users supporting service users",
                57,
                (
                    "Someone similar to me who's sorted themselves out and can now give their "
                    "experiences",
                    "Peer means equal, and mentoring is supporting people back into the community",
                    "A person there for you who uses their experience",
                    "A person to talk to who has some understanding of what you have been through",
                    "Someone who's been there helping someone who's going through it",
                ),
            ),
            Category(
                "Nothing",
                54,
                ("I've got no idea what it means", "Never heard of it", "Not a clue", "Nothing"),
            ),
            Category(
                "Service users pressuring service users",
                6,
                (
                    "Service users watching you and reporting back",
                    "Service users putting pressure on others",
                ),
            ),
            Category(
                "Working with keyworker",
                2,
                ("That's what you do with your keyworker",),
            ),
        ),
    ),
    DemoQuestion(
        Question.Kind.YES_NO,
        "Are you interested in having your say about probation?",
        yes=73,  # 61 % of 119
    ),
    DemoQuestion(
        Question.Kind.LONG_TEXT,
        "What's the best way for service users and probation to communicate on these issues?",
        categories=(
            Category(
                "Face to face meetings",
                63,
                (
                    "In a meeting where both sides attend and people actually listen",
                    "An opportunity to actually talk with services",
                    "It's got to be face to face otherwise there's no point cause nothing happens",
                    "Speaking to PO's with their heads screwed on and their feet on the ground",
                    "Brainstorming panels",
                    "Meetings with the people at the top",
                ),
            ),
            Category(
                "Through a third party",
                24,
                (
                    "It needs third party involvement because if you are honest with probation "
                    "it will come back on you",
                    "Service user forums with outside involvement",
                    "Through someone independent like User Voice",
                ),
            ),
            Category(
                "One to one with Probation Officer",
                17,
                ("Calm one to one talking with your officer", "Just talk to your PO"),
            ),
            Category(
                "By phone or e-mail",
                15,
                ("People to phone up and give their views", "I'd send mine by e-mail probably"),
            ),
        ),
    ),
)

INFORMATION_SHEET = "\n\n".join(
    [
        (
            "You are being invited to take part in a consultation. Before you decide, it is "
            "important that you understand why it is being done and what it involves. Take "
            "time to read this, and ask us if anything is not clear."
        ),
        (
            "What is it for?\nTo learn from people who use Leicestershire and Rutland "
            "Probation how well its services help them move on from crime. What you say will "
            "be written up in a report to improve the services, and to start involving people"
            " on probation in how probation is run."
        ),
        (
            "Do I have to take part?\nNo. It is up to you. If you take part you are still "
            "free to withdraw at any time without giving a reason. Deciding not to take part,"
            " or to withdraw, will not affect the service you get."
        ),
        (
            "What will I do?\nAnswer seven questions, one to one with an interviewer or on "
            "this site."
        ),
        (
            "Will it be kept confidential?\nYes. You do not need to give your name, and "
            "nothing that can identify you will be passed on. The report will not name "
            "anyone. Think about what you are happy to share: some comments might be "
            "recognisable if only you could have made them."
        ),
        ("How long are answers kept?\nFive years. Then they are destroyed."),
        (
            "Complaints\nIf you are unhappy with how you have been treated, ask to speak to "
            "the User Voice head of policy or to the university research team."
        ),
    ]
)

CONSENT_STATEMENT = (
    "I have read (or had read to me) the information sheet. I understand that taking part is "
    "up to me and that I can withdraw at any time without giving a reason. I agree to take part."
)


def category_for(position: int, text: str) -> str | None:
    """The report category a demo free-text answer to question ``position`` (1-7) belongs to."""
    spec = DEMO_QUESTIONNAIRE[position - 1]
    for category in spec.categories:
        if text in category.texts:
            return category.name
    return None


def _answer_texts(spec: DemoQuestion, rng: random.Random) -> list[str]:
    texts = [
        category.texts[i % len(category.texts)]
        for category in spec.categories
        for i in range(category.count)
    ]
    rng.shuffle(texts)
    return texts


def _profiles(rng: random.Random) -> list[dict[str, str]]:
    def spread(pairs: list[tuple[str, int]]) -> list[str]:
        values = [value for value, n in pairs for _ in range(n)]
        rng.shuffle(values)
        return values

    # Women are under-represented in the sample, as the report says.
    genders = spread([("man", 102), ("woman", 14), ("", 3)])
    ethnic = spread([("white", 95), ("asian", 10), ("black", 8), ("mixed", 4), ("", 2)])
    ages = spread(
        [("18-24", 21), ("25-34", 41), ("35-44", 33), ("45-54", 17), ("55-64", 5), ("", 2)]
    )
    areas = spread([("Leicester City", 62), ("Leicestershire", 46), ("Rutland", 5), ("", 6)])
    return [
        {"gender": g, "ethnic_group": e, "age_band": a, "area": r}
        for g, e, a, r in zip(genders, ethnic, ages, areas, strict=True)
    ]


def _seed_report(staff: User) -> None:
    if Consultation.objects.filter(title=REPORT_TITLE).exists():
        return
    now = timezone.now()
    consultation = services.consultation_create(
        actor=staff,
        title=REPORT_TITLE,
        purpose=(
            "One-to-one interviews with 119 people on probation in Leicestershire and Rutland, "
            "run by User Voice, about their relationship with probation and how people on "
            "probation could be involved in running it."
        ),
        information_sheet=INFORMATION_SHEET,
        consent_statement=CONSENT_STATEMENT,
        anonymity=Consultation.Anonymity.ANONYMOUS,
        audience=Consultation.Audience.ALL_MEMBERS,
        opens_at=now - timedelta(days=92),
        questions_per_page=3,
        areas="Leicester City\nLeicestershire\nRutland",
    )
    questions = [
        services.question_create(
            consultation=consultation,
            actor=staff,
            kind=spec.kind,
            text=spec.text,
            help_text=spec.help_text,
            required=True,
        )
        for spec in DEMO_QUESTIONNAIRE
    ]
    services.consultation_publish(consultation=consultation, actor=staff, now=now)
    # Demo only: date the questionnaire three months back, as if it ran then.
    Consultation.objects.filter(pk=consultation.pk).update(opened_at=now - timedelta(days=92))
    consultation.refresh_from_db()
    rng = random.Random(2009)
    columns: list[list[object]] = []
    for spec, question in zip(DEMO_QUESTIONNAIRE, questions, strict=True):
        if spec.kind == Question.Kind.YES_NO:
            yes, no = (c.pk for c in question.choices.order_by("position"))
            values: list[object] = [*[yes] * spec.yes, *[no] * (RESPONDENTS - spec.yes)]
            rng.shuffle(values)
        else:
            values = list(_answer_texts(spec, rng))
        assert len(values) == RESPONDENTS, spec.text
        columns.append(values)
    profiles = _profiles(rng)
    for index in range(RESPONDENTS):
        services.submission_create(
            consultation=consultation,
            answers={q.pk: column[index] for q, column in zip(questions, columns, strict=True)},
            consented=True,
            method=Submission.Method.INTERVIEW,
            actor=staff,
            interviewer_name="User Voice interviewer",
            profile=profiles[index],
        )
    services.consultation_close(consultation_id=consultation.pk, now=now - timedelta(days=61))
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=now - timedelta(days=61))


def _seed_open(staff: User) -> None:
    if Consultation.objects.filter(title=OPEN_TITLE).exists():
        return
    now = timezone.now()
    consultation = services.consultation_create(
        actor=staff,
        title=OPEN_TITLE,
        purpose=(
            "People told us that the hardest time is after an order ends, when support stops. "
            "Tell us what would help, so the council and probation can plan it together."
        ),
        information_sheet=(
            "Taking part is up to you and will not affect the service you get. Staff cannot "
            "see who wrote each answer. You can look at your answers and withdraw them at any "
            "time without giving a reason. Answers are kept for five years and then deleted."
        ),
        consent_statement="I have read the information and I agree to take part.",
        anonymity=Consultation.Anonymity.PSEUDONYMOUS,
        audience=Consultation.Audience.ALL_MEMBERS,
        closes_at=now + timedelta(days=30),
        questions_per_page=2,
        areas="Leicester City\nLeicestershire\nRutland",
    )
    for spec in (
        {
            "kind": Question.Kind.LONG_TEXT,
            "text": "When your order ended (or when it ends), what support would help you most?",
        },
        {
            "kind": Question.Kind.MULTIPLE_CHOICE,
            "text": "Which of these would you use?",
            "help_text": "Choose all that apply.",
            "choices": [
                "An out-of-hours helpline run with people who have been on probation",
                "A peer mentor from outside probation",
                "A group that meets in the evening",
                "Befriending, for people who feel on their own",
            ],
        },
        {
            "kind": Question.Kind.SCALE,
            "text": "How sure are you that probation will act on what people say?",
            "scale_low_label": "Not at all sure",
            "scale_high_label": "Completely sure",
        },
        {
            "kind": Question.Kind.YES_NO,
            "text": "Would you like to help plan this with staff?",
        },
        {
            "kind": Question.Kind.LONG_TEXT,
            "text": "Is there anything else you want to tell us?",
            "required": False,
        },
    ):
        services.question_create(consultation=consultation, actor=staff, **spec)
    services.consultation_publish(consultation=consultation, actor=staff)


# --- Coding: the report's categories as codebooks, answers coded to its figures -----------

# Short names for the codebooks of the seven questions (Q6, yes or no, is counted directly).
CODEBOOK_NAMES = {
    1: "Relationship with the probation officer",
    2: "Why people do not attend programmes",
    3: "What would improve relationships with the service",
    4: "What ‘service user involvement’ means",
    5: "What ‘peer mentor’ means",
    7: "Best way to communicate",
}
DEFINITIONS = {
    (1, "Positive"): (
        "The person describes the relationship as good, helpful or supportive. Not when "
        "they add a real complaint: use ‘Neither positive nor negative’."
    ),
    (1, "Negative"): (
        "The person describes the relationship as poor, distant or unhelpful, or says they "
        "have no real relationship."
    ),
    (1, "Neither positive nor negative"): (
        "Mixed or flat answers: good and bad, ‘it's OK but…’, or ‘just business’."
    ),
}
# How many of each category's texts (the first ones) are the report's own example comments.
REPORT_EXAMPLES = {
    (1, "Positive"): 5,
    (1, "Negative"): 4,
    (1, "Neither positive nor negative"): 3,
    (2, "Pre-conceived attitudes of offenders"): 3,
    (2, "Don't see the relevance or benefit of courses"): 3,
    (2, "Lifestyle issues (e.g. drug use or housing)"): 3,
    (2, "Poor relationship with probation"): 2,
    (2, "Resent coercion"): 2,
    (2, "Fear of being embarrassed"): 2,
    (2, "Travel issues"): 1,
    (2, "Some would prefer to go to prison"): 1,
    (3, "More 1 to 1 time with officers"): 1,
    (3, "Increased flexibility from officers"): 2,
    (3, "Improve the quality of relationships"): 3,
    (3, "Improve employment prospects"): 1,
    (4, "Nothing"): 2,
    (4, "Probation listening to service user views"): 1,
    (4, "Service users attending services"): 1,
    (4, "Service users delivering services"): 1,
    (4, "Service users supporting services"): 1,
    (4, "Compliance with requirements"): 1,
    (4, "Doing their work for them"): 1,
    (5, "Service users supporting service users"): 4,
    (5, "Nothing"): 2,
    (5, "Service users pressuring service users"): 2,
    (5, "Working with keyworker"): 1,
    (7, "Face to face meetings"): 5,
    (7, "Through a third party"): 2,
    (7, "One to one with Probation Officer"): 1,
    (7, "By phone or e-mail"): 2,
}
DOUBLE_SHARE = 20
# The second coder picks another category this often: realistic disagreement, all settled
# by the lead coder to the report's category so the report shows the published figures.
DISAGREE_RATE = 0.2
SECOND_CODER = "second-coder"

SHARED_CODEBOOK = "Support after an order ends"
SHARED_CODES = (
    (
        "Practical help",
        "",
        (
            ("Housing", "Somewhere to live, hostels, tenancy."),
            ("Money and benefits", "Benefits, debts, budgeting."),
            ("Work and training", "Jobs, courses, qualifications."),
        ),
    ),
    (
        "People to turn to",
        "",
        (
            ("Peer mentor", "Someone who has been through it."),
            ("Out-of-hours helpline", "A number to ring evenings and weekends."),
            ("Befriending", "Company for people who feel on their own."),
        ),
    ),
    ("Health", "Drugs, alcohol and mental health support.", ()),
)


def _second_coder() -> User:
    """A demo analyst who double-coded in 2009. Cannot sign in (no password, not active)."""
    user, created = User.objects.get_or_create(
        username=SECOND_CODER, defaults={"display_name": "Lee (second coder, demo)"}
    )
    if created:
        user.set_unusable_password()
        user.is_active = False
        user.save()
    return user


def _seed_report_coding(staff: User) -> None:
    from consultations.coding import services as coding
    from consultations.coding.models import CodingItem, QuestionCoding

    consultation = Consultation.objects.filter(title=REPORT_TITLE).first()
    if (
        consultation is None
        or QuestionCoding.objects.filter(question__consultation=consultation).exists()
    ):
        return
    second = _second_coder()
    rng = random.Random(2010)
    questions = list(consultation.questions.order_by("position", "id"))
    for position, (spec, question) in enumerate(
        zip(DEMO_QUESTIONNAIRE, questions, strict=True), start=1
    ):
        if not spec.categories:
            continue
        codebook = coding.codebook_create(
            name=CODEBOOK_NAMES[position],
            description=f"The categories of section 4.1.{position} of the report.",
            consultation=consultation,
            actor=staff,
        )
        codes = {
            category.name: coding.code_create(
                codebook=codebook,
                name=category.name,
                definition=DEFINITIONS.get(
                    (position, category.name),
                    f"The answer is mainly about: {category.name[0].lower()}{category.name[1:]}.",
                ),
                actor=staff,
            )
            for category in spec.categories
        }
        coding.question_coding_set(
            question=question,
            codebook=codebook,
            exclusive=True,
            double_share=DOUBLE_SHARE,
            actor=staff,
        )
        examples = {
            text
            for category in spec.categories
            for text in category.texts[: REPORT_EXAMPLES.get((position, category.name), 0)]
        }
        quoted: set[str] = set()
        items = CodingItem.objects.filter(question=question).select_related("answer")
        for item in items.order_by("answer_id"):
            text = item.answer.text_value
            category = category_for(position, text)
            assert category is not None  # every demo answer was written from a category
            code = codes[category]
            exemplar = text in examples and text not in quoted
            quoted.add(text)
            coding.coding_pass_save(
                item=item,
                actor=staff,
                code_ids=[code.pk],
                exemplar_ids=[code.pk] if exemplar else [],
            )
            if not item.is_double:
                continue
            other = code
            if rng.random() < DISAGREE_RATE:
                other = rng.choice([c for c in codes.values() if c.pk != code.pk])
            coding.coding_pass_save(item=item, actor=second, code_ids=[other.pk])
            if other.pk != code.pk:
                coding.coding_settle(
                    item=item,
                    actor=staff,
                    code_ids=[code.pk],
                    exemplar_ids=[code.pk] if exemplar else [],
                    note="The report's analysts put this answer in this category.",
                )
    coding.coding_themes_publish(consultation=consultation, actor=staff)


def _seed_open_coding(staff: User) -> None:
    """A shared codebook with folders, ready for the open consultation's first question."""
    from consultations.coding import services as coding
    from consultations.coding.models import Codebook

    consultation = Consultation.objects.filter(title=OPEN_TITLE).first()
    if consultation is None or Codebook.objects.filter(name=SHARED_CODEBOOK).exists():
        return
    codebook = coding.codebook_create(
        name=SHARED_CODEBOOK,
        description="Kinds of support people ask for when supervision ends. Shared.",
        actor=staff,
    )
    for name, definition, children in SHARED_CODES:
        folder = coding.code_create(
            codebook=codebook,
            name=name,
            definition=definition,
            is_codable=not children,
            actor=staff,
        )
        for child, child_definition in children:
            coding.code_create(
                codebook=codebook,
                name=child,
                definition=child_definition,
                parent=folder,
                actor=staff,
            )
    first = consultation.questions.order_by("position", "id").first()
    if first is not None and first.is_text:
        coding.question_coding_set(
            question=first, codebook=codebook, double_share=DOUBLE_SHARE, actor=staff
        )


@transaction.atomic
def seed(users: dict[str, User]) -> None:
    staff = users["staff"]
    _seed_report(staff)
    _seed_open(staff)
    _seed_report_coding(staff)
    _seed_open_coding(staff)
