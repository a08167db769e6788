"""Coding rules: the queue, blind double coding, settling, merging, and what cascades."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations import services
from consultations.coding import services as coding
from consultations.coding.models import (
    CodeMerge,
    Coding,
    CodingItem,
    CodingPass,
    FinalCode,
    QuestionCoding,
)
from consultations.models import Answer, Question, Submission
from core.models import AuditEvent
from tests.consultations.coding_factories import coded_consultation, items_of, make_codebook
from tests.consultations.factories import answer, full_answers
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db

State = CodingItem.State


@pytest.fixture
def coder2(db):
    return make_user(Role.STAFF, display_name="Cal Coder")


def test_setting_up_a_question_fills_its_queue_with_the_free_text_answers(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B", "C"])
    assert CodingItem.objects.filter(question=question, state=State.TO_CODE).count() == 3
    # Another answer arrives later: the sync puts it in the queue, once.
    answer(consultation, None, method=Submission.Method.PAPER, actor=staff)
    assert coding.coding_items_sync(question=question) == 1
    assert coding.coding_items_sync(question=question) == 0
    assert coding.coding_items_sync_all() == 0


def test_choice_questions_are_not_coded(staff):
    consultation, *_ = coded_consultation(staff, texts=["A"])
    choice = consultation.questions.get(kind=Question.Kind.SINGLE_CHOICE)
    with pytest.raises(coding.CodingError, match="Only free-text"):
        coding.question_coding_set(question=choice, codebook=make_codebook(staff), actor=staff)


def test_double_share_is_chosen_at_random_to_the_percent(staff):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=[f"Answer {i}" for i in range(40)], double_share=20
    )
    assert CodingItem.objects.filter(question=question, is_double=True).count() == 8
    coding.question_coding_set(question=question, codebook=codebook, double_share=50, actor=staff)
    assert CodingItem.objects.filter(question=question, is_double=True).count() == 20
    coding.question_coding_set(question=question, codebook=codebook, double_share=0, actor=staff)
    assert CodingItem.objects.filter(question=question, is_double=True).count() == 0


def test_queue_serves_each_answer_once_in_random_order_and_claims_it(staff, coder2):
    consultation, question, codebook, codes = coded_consultation(staff, texts=list("ABCDEF"))
    first = coding.coding_queue_next(question=question, actor=staff)
    # A reload shows the same answer; another coder is given a different one.
    assert coding.coding_queue_next(question=question, actor=staff).pk == first.pk
    other = coding.coding_queue_next(question=question, actor=coder2)
    assert other.pk != first.pk
    # The order is the random ids', not the order answers came in.
    by_arrival = list(Answer.objects.filter(question=question).order_by("pk"))
    queue_order = [i.answer_id for i in items_of(question)]
    assert sorted(queue_order) == [a.pk for a in by_arrival]
    # A claim runs out, and skipped answers are not offered again.
    later = timezone.now() + coding.CLAIM_FOR + timedelta(seconds=1)
    taken = coding.coding_queue_next(question=question, actor=coder2, now=later, skip=[other.pk])
    assert taken.pk not in (other.pk,)


def test_single_coding_finishes_an_answer_and_sets_its_final_codes(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    (item,) = items_of(question)
    coding.coding_pass_save(
        item=item,
        actor=staff,
        code_ids=[codes[0].pk, codes[2].pk],
        exemplar_ids=[codes[0].pk],
        memo="Mentions the hostel",
    )
    item.refresh_from_db()
    assert item.state == State.DONE and item.passes_done == 1
    assert set(FinalCode.objects.filter(item=item).values_list("code", "is_exemplar")) == {
        (codes[0].pk, True),
        (codes[2].pk, False),
    }
    assert Coding.objects.filter(item=item, coder=staff).count() == 2
    # Changing my mind replaces my codes.
    coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[1].pk])
    assert list(FinalCode.objects.filter(item=item).values_list("code", flat=True)) == [codes[1].pk]


def test_no_code_fits_is_a_choice_and_nothing_chosen_is_refused(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    (item,) = items_of(question)
    with pytest.raises(coding.CodingError, match="at least one code"):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[])
    with pytest.raises(coding.CodingError, match="one or the other"):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk], none_fits=True)
    coding.coding_pass_save(item=item, actor=staff, code_ids=[], none_fits=True)
    item.refresh_from_db()
    assert item.state == State.DONE and not FinalCode.objects.filter(item=item).exists()


def test_codes_from_another_codebook_and_several_codes_on_a_one_code_question_are_refused(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"], exclusive=True)
    (item,) = items_of(question)
    stranger = make_codebook(staff, name="Other").codes.first()
    with pytest.raises(coding.CodingError, match="codes of this question"):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[stranger.pk])
    with pytest.raises(coding.CodingError, match="only one code"):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk, codes[1].pk])
    with pytest.raises(coding.CodingError, match="example only for a code"):
        coding.coding_pass_save(
            item=item, actor=staff, code_ids=[codes[0].pk], exemplar_ids=[codes[1].pk]
        )


def test_blind_double_coding_agreement_and_disagreement_then_settling(staff, coder2):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B"], double_share=100
    )
    agree, differ = items_of(question)
    coding.coding_pass_save(item=agree, actor=staff, code_ids=[codes[0].pk])
    agree.refresh_from_db()
    # Waiting for the second coder: no final codes, not offered to the first coder again.
    assert agree.state == State.AWAITING_SECOND and not FinalCode.objects.filter(item=agree)
    offered = {coding.coding_queue_next(question=question, actor=staff, skip=[differ.pk])}
    assert offered == {None}
    assert (
        coding.coding_queue_next(question=question, actor=coder2, skip=[differ.pk]).pk == agree.pk
    )
    coding.coding_pass_save(item=agree, actor=coder2, code_ids=[codes[0].pk])
    agree.refresh_from_db()
    assert agree.state == State.DONE
    assert agree.first_codes == agree.second_codes == str(codes[0].pk)

    coding.coding_pass_save(item=differ, actor=staff, code_ids=[codes[0].pk])
    coding.coding_pass_save(item=differ, actor=coder2, code_ids=[codes[1].pk, codes[2].pk])
    differ.refresh_from_db()
    assert differ.state == State.DISAGREEMENT and not FinalCode.objects.filter(item=differ)
    # A third person cannot code it, and nobody can add to it.
    third = make_user(Role.STAFF)
    with pytest.raises(coding.CodingConflict):
        coding.coding_pass_save(item=differ, actor=third, code_ids=[codes[0].pk])
    coding.coding_settle(
        item=differ, actor=staff, code_ids=[codes[1].pk], note="B's reading is right"
    )
    differ.refresh_from_db()
    assert differ.state == State.DONE and differ.settled_by == staff
    assert list(FinalCode.objects.filter(item=differ).values_list("code", flat=True)) == [
        codes[1].pk
    ]
    # Both original codings are kept beside the settlement.
    assert Coding.objects.filter(item=differ).count() == 3
    assert AuditEvent.objects.filter(action="consultations.coding_item.settle").count() == 1
    with pytest.raises(coding.CodingConflict, match="settled"):
        coding.coding_pass_save(item=differ, actor=staff, code_ids=[codes[2].pk])


def test_one_coding_per_answer_code_and_coder_is_a_database_rule(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    (item,) = items_of(question)
    coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(
            answer=item.answer,
            item=item,
            question=question,
            code=codes[0],
            coder=staff,
            slot=1,
        )


def test_withdrawing_an_answer_removes_its_codings(staff, member):
    consultation, question, codebook, codes = coded_consultation(staff, texts=[])
    created = answer(consultation, member, answers=full_answers(consultation, text="Mine"))
    coding.coding_items_sync(question=question)
    (item,) = items_of(question)
    coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    services.submission_withdraw_by_code(code=created.withdrawal_code)
    assert not CodingItem.objects.exists()
    assert not Coding.objects.exists() and not FinalCode.objects.exists()
    assert not CodingPass.objects.exists()


def test_code_names_are_unique_under_one_parent_and_cycles_are_refused(staff):
    book = make_codebook(staff)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already a code with that name"):
        coding.code_create(codebook=book, name="listens", actor=staff)
    folder = coding.code_create(codebook=book, name="Officers", is_codable=False)
    child = coding.code_create(codebook=book, name="Listens", parent=folder)  # other parent
    with pytest.raises(coding.CodingError, match="inside itself"):
        coding.code_update(code=folder, name="Officers", parent=child, is_codable=False)


def test_merging_moves_codings_keeps_history_and_can_end_a_disagreement(staff, coder2):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B"], double_share=100
    )
    listens, deaf, practical = codes
    synonym = coding.code_create(codebook=codebook, name="Has time for me")
    a, b = items_of(question)
    coding.coding_pass_save(item=a, actor=staff, code_ids=[listens.pk])
    coding.coding_pass_save(item=a, actor=coder2, code_ids=[synonym.pk])
    coding.coding_pass_save(item=b, actor=staff, code_ids=[listens.pk, synonym.pk])
    coding.coding_pass_save(item=b, actor=coder2, code_ids=[listens.pk])
    a.refresh_from_db()
    assert a.state == State.DISAGREEMENT
    merge = coding.code_merge(source=synonym, target=listens, actor=staff)
    assert merge.codings_moved == 2 and merge.source_name == "Has time for me"
    synonym.refresh_from_db()
    assert not synonym.is_active and synonym.merged_into == listens
    assert not Coding.objects.filter(code=synonym).exists()
    for item in (a, b):
        item.refresh_from_db()
        assert item.state == State.DONE  # the only difference was the two names
    assert CodeMerge.objects.filter(target=listens).count() == 1
    with pytest.raises(coding.CodingError, match="already been merged"):
        coding.code_merge(source=synonym, target=deaf, actor=staff)
    # The old name is free again for a new code.
    coding.code_create(codebook=codebook, name="Has time for me")


def test_codebook_cannot_change_once_coded_but_settings_can(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    (item,) = items_of(question)
    coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk, codes[1].pk])
    with pytest.raises(coding.CodingError, match="another codebook"):
        coding.question_coding_set(
            question=question, codebook=make_codebook(staff, name="New"), actor=staff
        )
    with pytest.raises(coding.CodingError, match="more than one code"):
        coding.question_coding_set(
            question=question, codebook=codebook, exclusive=True, actor=staff
        )
    coding.question_coding_set(question=question, codebook=codebook, double_share=10, actor=staff)
    assert QuestionCoding.objects.get(question=question).double_share == 10


def test_leads_must_be_staff(staff, member):
    consultation, *_ = coded_consultation(staff, texts=[])
    with pytest.raises(coding.CodingError, match="Only staff"):
        coding.coding_lead_add(consultation=consultation, user=member, actor=staff)


def test_profile_shown_to_coders_only_where_five_people_share_it(staff):
    from consultations.coding import selectors

    profiles = [{"gender": "man", "area": "Leicester City"}] * 6 + [
        {"gender": "woman", "area": "Rutland", "ethnic_group": "black"}
    ]
    consultation, question, codebook, codes = coded_consultation(
        staff,
        texts=[f"T{i}" for i in range(7)],
        profiles=profiles,
        areas="Leicester City\nRutland",
    )
    by_text = {
        i.answer.text_value: i for i in CodingItem.objects.select_related("answer__submission")
    }
    shown, held_back = selectors.profile_for_coder(by_text["T0"])
    assert dict(shown) == {"Gender": "Man", "Area": "Leicester City"} and not held_back
    shown, held_back = selectors.profile_for_coder(by_text["T6"])
    assert shown == [] and held_back  # the only woman from Rutland: nothing shown
