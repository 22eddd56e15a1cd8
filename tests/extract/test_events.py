import datetime as dt

import pytest

from conflictlens.extract.document import load_rules
from conflictlens.extract.events import extract_mentions
from conflictlens.nlp import get_nlp

pytestmark = pytest.mark.model
PUBLISHED = dt.date(2024, 8, 1)


def _mentions(text: str, published: dt.date = PUBLISHED):
    return extract_mentions(get_nlp()(text), published, load_rules())


def test_events_passive_voice_two_targets_suspected_perpetrator():
    text = ("On July 25 and 26, rockets were fired at Ain al-Asad base in Iraq's Anbar province and the Conoco gas "
            "field in Syria's Deir Ezzor province from areas controlled by Iran-backed militias, a monitor said.")
    mentions = _mentions(text)
    assert [m.place.admin1_code for m in mentions] == ["IQ-AN", "SY-DY"]
    for m in mentions:
        assert (m.event_type, m.perpetrator, m.perpetrator_attribution) == ("shelling", "Iran-aligned militias",
                                                                             "suspected")
        assert (m.date_start, m.date_end, m.date_precision) == (dt.date(2024, 7, 25), dt.date(2024, 7, 26), "range")
        assert m.evidence[0].text == text


def test_events_follow_up_sentences_complete_one_event():
    text = ("Gunmen attacked an army checkpoint in Tarmiyah, Salahuddin, Iraq, on Monday. Three soldiers were "
            "killed and two were wounded in the clash. The Islamic State claimed responsibility for the attack.")
    (m,) = _mentions(text)
    assert (m.event_type, m.killed, m.wounded) == ("armed_assault", 3, 2)
    assert (m.perpetrator, m.perpetrator_attribution) == ("Islamic State", "claimed")
    assert m.target_type == "military"
    assert m.date_start == dt.date(2024, 7, 29)
    assert len(m.evidence) == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials warned that militants could attack the base in Hit next week.",
        "Police said no rockets were fired at the airport in Erbil on Friday.",
        "Security forces foiled a plot to bomb a market in Kirkuk on Tuesday.",
        "So far this year there have been 40 attacks in Diyala province, the monitor said.",
        "Good luck to the soldiers of Mosul!",
    ],
)
def test_events_none_from_negated_hypothetical_foiled_aggregate_or_comment(sentence: str):
    assert _mentions(sentence) == []


def test_events_caption_and_paragraph_are_one_event():
    text = ("Troops raid a hideout near Baiji on July 3.\n\nIraqi troops raided a hideout near Baiji on July 3, "
            "the army said, arresting four suspects.")
    (m,) = _mentions(text)
    assert m.event_type == "security_operation" and m.perpetrator == "Iraqi security forces"
    assert len(m.evidence) == 2


def test_events_assassination_when_a_titled_person_is_singled_out():
    (m,) = _mentions("Gunmen opened fire on Colonel Karim Saleh in Baquba, Diyala, on Sunday, killing him.")
    assert m.event_type == "assassination"


def test_events_field_spans_point_at_the_text():
    text = "A roadside bomb exploded in Fallujah on Friday, wounding two policemen."
    (m,) = _mentions(text)
    spans = dict(m.field_spans)
    for name, span in m.field_spans:
        assert text[span.start : span.end] == span.text, name
    assert spans["date"].text.endswith("Friday") and m.event_type == "bombing" and m.wounded == 2


def test_events_user_actors_file_names_a_new_perpetrator(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "schema_version: 1\nactors:\n  - id: valley-lions\n    name: Lions of the Valley\n    type: militia\n"
        "    country: [IQ]\n    aliases: [Lions of the Valley]\n    source: test\n"
    )
    text = "Lions of the Valley fighters attacked a police post in Baiji, Salahuddin, on Sunday."
    (m,) = extract_mentions(get_nlp()(text), PUBLISHED, load_rules(mine))
    assert (m.perpetrator, m.perpetrator_attribution) == ("Lions of the Valley", "stated")


def test_events_no_casualties_in_these_attacks_goes_to_each_recent_event():
    text = ("Militants fired a rocket at a police post in Hit on Monday. In a separate attack, gunmen shot at an "
            "army checkpoint in Rawa. No casualties were reported in these attacks.")
    mentions = _mentions(text)
    assert [m.location for m in mentions] == ["Hit", "Rawa"]
    assert [(m.killed, m.wounded) for m in mentions] == [(0, 0), (0, 0)]


def test_events_a_dated_back_reference_is_the_same_event():
    text = ("Gunmen attacked an army checkpoint in Tarmiyah, Salahuddin, Iraq. "
            "That attack, on Monday night, caused no casualties.")
    (m,) = _mentions(text)
    assert (m.killed, m.date_start) == (0, dt.date(2024, 7, 29))


def test_events_the_same_day_counts_from_the_last_event_not_the_statement():
    text = ("Militants abducted four farmers near Baiji, Salahuddin, on Monday, a local official said on Wednesday. "
            "The same day, gunmen seized two shepherds near Tuz Khurmatu.")
    mentions = _mentions(text)
    assert [(m.event_type, m.location, m.date_start) for m in mentions] == [
        ("abduction", "Baiji", dt.date(2024, 7, 29)), ("abduction", "Tuz Khurmatu", dt.date(2024, 7, 29))]


def test_events_a_lede_over_this_week_takes_the_day_of_its_first_act():
    text = ("Militants attacked army posts near Baiji, Salahuddin, on two nights this week. On Monday, three soldiers "
            "died when their post was overrun. The following night, two more soldiers were killed at another post.")
    mentions = _mentions(text)
    assert [(m.date_start, m.date_end, m.killed) for m in mentions] == [
        (dt.date(2024, 7, 29), dt.date(2024, 7, 29), 3), (dt.date(2024, 7, 30), dt.date(2024, 7, 30), 2)]


def test_events_the_day_before_counts_from_the_last_date_named():
    text = ("Gunmen attacked a checkpoint in Tarmiyah, Salahuddin, on Monday, killing a soldier. "
            "The day before, militants had fired on a bus in Samarra, wounding a girl.")
    mentions = _mentions(text)
    assert [(m.location, m.date_start) for m in mentions] == [("Tarmiyah", dt.date(2024, 7, 29)),
                                                              ("Samarra", dt.date(2024, 7, 28))]


def test_events_the_town_of_the_hospital_is_not_where_the_attack_was():
    (m,) = _mentions("The toll from Sunday's attack on a checkpoint in Tarmiyah, Salahuddin, rose to three after a "
                     "wounded policeman died in hospital in Samarra.")
    assert m.location == "Tarmiyah"


def test_events_dateline_date_and_outlet_place_are_not_the_event_s():
    (m,) = _mentions("KIRKUK, 1 August 2024 – Two soldiers were killed on Tuesday when militants attacked "
                     "a checkpoint in Hawija.")
    assert (m.location, m.date_start) == ("Hawija", dt.date(2024, 7, 30))
    (m,) = _mentions("Example Wire – Baghdad: Gunmen attacked a police station in Baiji, Salahuddin, on Monday.")
    assert m.location == "Baiji"


def test_events_the_day_the_act_governs_is_the_event_s_day():
    (m,) = _mentions("Mourners gathered in Baiji, Salahuddin, on Wednesday for three farmers killed on Monday when "
                     "militants attacked their village.")
    assert m.date_start == dt.date(2024, 7, 29)


def test_events_the_day_a_group_claimed_is_not_the_day_of_the_act():
    text = ("A car bomb exploded at a market in Tuz Khurmatu, Salahuddin, on Monday, killing four people. "
            "On Wednesday the Islamic State said it was behind the bombing in Tuz Khurmatu.")
    (m,) = _mentions(text)
    assert (m.date_start, m.perpetrator, m.perpetrator_attribution) == (dt.date(2024, 7, 29), "Islamic State",
                                                                         "claimed")


def test_events_blowing_up_towers_is_an_attack_on_property():
    (m,) = _mentions("Insurgents blew up three power transmission towers near Baiji, Salahuddin, on Sunday.")
    assert (m.event_type, m.location) == ("attack_on_property", "Baiji")


def test_events_a_background_year_adds_no_casualties():
    text = ("A suicide bomber struck a crowd in Kabul on Monday, killing six people. The deadliest attack there "
            "was a 2022 bombing at a school in Kabul, which killed at least 53 people.")
    (m,) = _mentions(text)
    assert m.killed == 6


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A sniper shot and killed army Major Saad Hamid in Hit, Anbar, on Sunday.", "assassination"),
        ("Sheikh Omar Khalaf, a tribal elder, was shot and killed in Baiji, Salahuddin, on Sunday.", "assassination"),
        ("Gunmen stormed Sheikh Omar Khalaf's house in Baiji, Salahuddin, on Sunday.", "assassination"),
        ("Gunmen opened fire on Captain Ali Hassan and Lieutenant Omar Saeed in Baiji on Sunday.", "armed_assault"),
        ("A bomb went off outside a private house in Baiji, Salahuddin governorate, on Sunday.", "bombing"),
        ("Militants fired mortars that landed and exploded in Tarmiyah, Salahuddin, on Sunday.", "shelling"),
        ("A bomber tried to detonate a vest at a checkpoint in Ramadi, Anbar, on Sunday.", "bombing"),
        ("Hamid Saeed, a senior tribal leader, was shot and killed in Baiji, Salahuddin, on Sunday.", "assassination"),
        ("A bomb attached to Colonel Saad Hamid's car exploded in Baiji, Salahuddin, on Sunday.", "assassination"),
        ("Gunmen opened fire on the al-Imam station in Samarra, Salahuddin, on Sunday.", "armed_assault"),
        ("Militants executed the mayor of Zab in Kirkuk on Sunday.", "assassination"),
        ("Militants executed five farmers in Zab, Kirkuk, on Sunday.", "execution"),
    ],
)
def test_events_type_of_the_main_act(sentence: str, expected: str):
    (m,) = _mentions(sentence)
    assert m.event_type == expected


def test_events_people_taken_in_an_assault_make_it_an_abduction():
    text = ("Gunmen attacked an army post in Tarmiyah, Salahuddin, on Sunday. Two soldiers were killed and "
            "three others were abducted in the attack.")
    (m,) = _mentions(text)
    assert (m.event_type, m.killed, m.kidnapped) == ("abduction", 2, 3)


def test_events_a_lede_act_with_no_place_of_its_own_is_kept():
    text = "A suicide bomber detonated a truck near a police building.\n\nTen officers died in the blast in Ramadi, Anbar."
    (m,) = _mentions(text)
    assert (m.event_type, m.killed, m.place.admin1_code) == ("bombing", 10, "IQ-AN")


def test_events_the_subject_of_an_active_killing_is_the_perpetrator():
    (m,) = _mentions("Islamic State fighters who stormed Tarmiyah, Salahuddin, on Sunday killed five farmers.")
    assert (m.event_type, m.perpetrator, m.killed) == ("armed_assault", "Islamic State", 5)


def test_events_a_raid_to_loot_with_no_one_hurt_is_an_attack_on_property():
    (m,) = _mentions("Militants raided the village of Tarmiyah, Salahuddin, on Sunday, looting livestock and food.")
    assert m.event_type == "attack_on_property"


def test_events_an_armed_group_s_own_toll_counts_only_when_no_one_else_gives_one():
    text = ("A car bomb exploded at a market in Tuz Khurmatu, Salahuddin, on Monday, killing four people, police said. "
            "The Islamic State put the death toll from the bombing at more than 30.")
    (m,) = _mentions(text)
    assert m.killed == 4
    (m,) = _mentions("On Monday the Islamic State said its fighters attacked an army post in Tarmiyah, Salahuddin, "
                     "killing 12 soldiers.")
    assert m.killed == 12


def test_events_others_also_killed_add_to_the_named_victim():
    text = ("Troops killed an Islamic State leader in a raid on a village near Hawija, Kirkuk, on Monday. "
            "Two other armed men were also killed in the raid.")
    (m,) = _mentions(text)
    assert m.killed == 3


def test_events_the_province_told_after_the_town_is_the_same_event():
    text = ("Gunmen attacked two army posts in Tarmiyah, Salahuddin, on Monday. Only one tribe joined Monday's "
            "fighting in Salahuddin province. Three soldiers were killed in the fighting.")
    (m,) = _mentions(text)
    assert (m.location, m.killed) == ("Tarmiyah", 3)


def test_events_a_detail_saying_the_act_targeted_one_person_makes_it_an_assassination():
    text = ("A suicide bomber blew himself up in Tikrit, Salahuddin, on Sunday. The bomber targeted Colonel Saad "
            "Hamid, who was killed.")
    (m,) = _mentions(text)
    assert m.event_type == "assassination"
    text = ("A sniper opened fire on tribal fighters in Baiji, Salahuddin, on Sunday. Hamid Saeed, a tribal leader, "
            "was killed.")
    (m,) = _mentions(text)
    assert m.event_type == "armed_assault"


def test_events_an_act_named_by_its_day_is_the_one_told_before():
    text = ("On Monday, tribal fighters attacked three SDF posts in Dhiban, Deir ez-Zor. Only two tribes joined "
            "Monday's fighting in Deir ez-Zor. Three SDF members were killed in the fighting, and a civilian was "
            "killed by SDF shelling.")
    (m,) = _mentions(text)
    assert (m.location, m.event_type, m.killed) == ("Dhiban", "armed_assault", 3)


def test_events_a_later_act_at_the_same_place_is_another_event():
    text = ("On Friday, insurgents shot dead two farmers in Machava village, Nangade district, Cabo Delgado. "
            "That same Friday, insurgents later raided the edge of Nangade town and killed three people.")
    mentions = _mentions(text)
    assert [m.killed for m in mentions] == [2, 3]


def test_events_a_name_carried_on_by_an_article_is_read_whole_never_as_its_first_word():
    (m,) = _mentions("Assailants attacked Sadr an Nahr village, Baghdad, Iraq, on Monday.")
    assert (m.location, m.place.precision, m.place.admin1_code) == ("Sadr an Nahr", 3, "IQ-BG")
    (m,) = _mentions("Gunmen stormed a hotel in Nairobi on Monday, a response to the US naming Jerusalem as "
                     "Israel's capital.")
    assert m.location == "Nairobi"
