"""Event extraction: clauses, order phrases, links and titles."""
from datetime import date

from timeline.extract import extract_reports
from timeline.records import Article
from timeline.tag import tag


def reports(text, published=date(2025, 11, 27)):
    article = Article(id="a", path="a.txt", title="t", text=text, published=published)
    return extract_reports(article, tag(text, published))


def test_a_sentence_with_two_dated_happenings_gives_two_linked_events():
    found = reports("The talks were held in Istanbul on March 29–30, 2022. "
                    "This occurred soon after Russia’s full-scale invasion of Ukraine in February 2022.")
    by_value = {e.when.value: e for e in found}
    assert set(by_value) == {"2022-03-29", "2022-02"}
    assert by_value["2022-03-29"].links == ((by_value["2022-02"].id, "soon after"),)


def test_sequence_cues_chain_future_conditions():
    found = reports("“First, a ceasefire must be established. Then, a mission framework must be set, "
                    "and the contribution of each country must be determined,” the ministry said.")
    assert [e.future for e in found[:3]] == [True, True, True]
    assert found[3].mentions[0].clause == "the ministry said" and found[3].candidate and not found[3].links
    assert found[1].links[0][0] == found[0].id and found[2].links[0][0] == found[1].id


def test_an_order_phrase_naming_an_earlier_report_becomes_a_link():
    found = reports("Erdogan said on Monday that talks matter, speaking during his return trip from South Africa.\n\n"
                    "After his return from South Africa, he held a phone call with Putin.")
    call = next(e for e in found if "phone call" in e.title)
    assert call.title.startswith("Erdogan holds a phone call")
    assert call.links and call.links[0][1] == "after"


def test_ids_are_url_safe_and_depend_on_content():
    first, second = reports("Macron on Tuesday announced a force."), reports("Macron on Tuesday announced a force.")
    assert first[0].id == second[0].id and first[0].id.replace("-", "").isalnum() and first[0].id == first[0].id.lower()


def test_a_date_before_a_noun_dates_the_noun_phrase():
    found = reports("Turkey has faced challenges with Russia – from tensions in Syria to the 2015 downing of a Russian jet – and acts with caution.")
    assert [(e.when.value, e.title) for e in found if e.when.known] == [("2015", "Downing of a Russian jet")]


def test_a_dated_possessive_proposal_is_titled_who_does_what():
    found = reports("French President Emmanuel Macron on Tuesday announced a force. "
                    "This expands on his March 2025 “Coalition of the Willing” proposal, which excludes NATO frameworks.")
    proposal = next(e for e in found if e.when.value == "2025-03")
    assert proposal.title == "Macron proposes the Coalition of the Willing"


def test_an_attribution_after_a_quote_is_more_of_the_dated_statement():
    found = reports("The ministry said on Thursday that a ceasefire must come first.\n\n"
                    "“A ceasefire must be established. Then, a mission framework must be set,” it added.")
    statement = next(e for e in found if e.when.value == "2025-11-27")
    assert [m.clause for m in statement.mentions][1:] == ["it added"]
    framework = next(e for e in found if "framework" in e.title)
    assert framework.future and not framework.when.known and framework.links


def test_titles_drop_attributions_and_keep_the_verb_when_the_number_is_unsure():
    found = reports("Delegates met in Geneva on Sunday, officials said on Monday.")
    assert found[0].title == "Delegates met in Geneva"
    found = reports("These agreements were reached in 2022. The Istanbul agreements were signed in May 2022. "
                    "These agreements were praised in June 2022.")
    assert found[-1].title == "Istanbul agreements praised"


def test_a_dated_frame_phrase_dates_its_clause():
    found = reports("In a July 16 press conference, Jobs said that all buyers would get a free case.", date(2010, 8, 9))
    assert found[0].when.value == "2010-07-16" and found[0].title.startswith("Jobs")


def test_a_bare_date_after_since_dates_the_clause_and_is_no_event_of_its_own():
    found = reports("Ryanair has been attempting to take over Aer Lingus since December.", date(2007, 2, 1))
    assert [(e.when.value, e.title) for e in found] == [("2006-12", "Ryanair has been attempting to take over Aer Lingus")]


def test_a_date_that_is_only_a_yardstick_does_not_date_the_clause():
    found = reports("The Dow Jones Industrial Average fell 251 points to 7,114, its lowest level since October 1997.",
                    date(2009, 2, 23))
    assert not any(e.when.value == "1997-10" for e in found)
    found = reports("Chrysler's sales in Canada dropped 23% compared to March of 2008.", date(2009, 4, 2))
    assert not any(e.when.value == "2008-03" for e in found)
