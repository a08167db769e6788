"""The report's 2009 questionnaire: its seven questions, the categories of each free-text
answer with the report's counts and example comments, and its information sheet.

``DEMO_QUESTIONNAIRE`` is the single source of those categories and counts, and
``category_for`` says which category a demo answer belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultations.models import Question

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
