from etl.text import Flow, blocks, document_from_text, join_wrapped, paragraphs


def test_join_wrapped_removes_hyphenation_inside_a_word():
    assert join_wrapped(["Hou de vinger aan de pols en speel in op wet-", "geving bij overheden."]) == (
        "Hou de vinger aan de pols en speel in op wetgeving bij overheden."
    )


def test_join_wrapped_keeps_hyphen_after_capital_and_before_conjunction():
    assert join_wrapped(["Informatieveiligheidstest + E-", "learning"]) == "Informatieveiligheidstest + E-learning"
    assert join_wrapped(["Strategisch Veiligheids-", "en preventieplan"]) == "Strategisch Veiligheids- en preventieplan"


def test_join_wrapped_keeps_spaced_dash_and_collapses_whitespace():
    assert join_wrapped(["reservatiesysteem dienst -", "fietsen  en deelvoertuigen "]) == (
        "reservatiesysteem dienst - fietsen en deelvoertuigen"
    )


def test_paragraphs_and_blocks_split_on_blank_runs():
    doc = document_from_text("x.txt", "Titel\n\n• punt\nvervolg\n\n\n\nVolgende slide\n")
    slides = blocks(doc.lines)
    assert [s[0].text for s in slides] == ["Titel", "Volgende slide"]
    assert [[line.no for line in p] for p in paragraphs(slides[0])] == [[1], [3, 4]]


def test_flow_maps_offsets_back_to_line_numbers():
    doc = document_from_text("x.txt", "Begin 2018 telde\n\nMechelen 86.194 inwo-\n\nners.")
    flow = Flow.of(list(doc.lines))
    assert flow.text == "Begin 2018 telde Mechelen 86.194 inwoners."
    assert flow.line_at(flow.text.index("86.194")) == 3
    assert flow.line_at(0) == 1
