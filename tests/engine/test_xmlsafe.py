"""Uploaded XML is parsed without entities, DTDs, network or unbounded size."""

import pytest

from engine.xmlsafe import MAX_XML_BYTES, UnsafeXMLError, parse_xml

VALID_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <!-- a comment the parser drops -->
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p"><bpmn:documentation>&secret;</bpmn:documentation></bpmn:process>
</bpmn:definitions>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>
"""


def test_valid_bpmn_parses_and_drops_comments():
    root = parse_xml(VALID_BPMN)
    assert root.tag == "{http://www.omg.org/spec/BPMN/20100524/MODEL}definitions"
    assert [child.get("id") for child in root] == ["p"]


def test_bytes_with_encoding_declaration_parse():
    root = parse_xml('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>'.encode("latin-1"))
    assert root.text == "é"


def test_text_with_foreign_encoding_declaration_parses():
    assert parse_xml('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>').text == "é"
    assert parse_xml('\ufeff<?xml version="1.0" encoding="latin-1"?><a>é</a>').text == "é"


def test_external_entity_is_refused_without_reading_the_file():
    with pytest.raises(UnsafeXMLError) as info:
        parse_xml(XXE)
    assert str(info.value) == (
        "BPMN file contains a DOCTYPE declaration; entity declarations are not allowed"
    )


def test_billion_laughs_is_refused():
    with pytest.raises(UnsafeXMLError, match="DOCTYPE declaration"):
        parse_xml(BILLION_LAUGHS, what="DMN")


def test_doctype_is_refused_case_insensitively():
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(b"<!doctype a><a/>")


def test_entity_declaration_alone_is_refused():
    with pytest.raises(UnsafeXMLError, match="ENTITY declaration"):
        parse_xml(b"<a><!ENTITY x 'y'></a>")


def test_doctype_hidden_in_utf16_is_refused():
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_xml(XXE.decode().encode("utf-16"))


def test_undeclared_entity_reference_is_refused_in_plain_words():
    with pytest.raises(UnsafeXMLError, match="not well-formed XML"):
        parse_xml(b"<a>&secret;</a>")


def test_oversize_input_is_refused_before_parsing():
    big = b"<a>" + b"x" * MAX_XML_BYTES + b"</a>"
    with pytest.raises(UnsafeXMLError, match="limit is 2,000,000 bytes"):
        parse_xml(big)


def test_malformed_xml_gives_a_plain_message():
    with pytest.raises(UnsafeXMLError) as info:
        parse_xml(b"<a><b></a>", what="DMN")
    assert str(info.value).startswith("DMN file is not well-formed XML: ")
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_empty_input_is_refused():
    with pytest.raises(UnsafeXMLError, match="empty"):
        parse_xml(b"  ")


def test_processing_instructions_are_dropped():
    root = parse_xml(b"<a><?evil stuff?><b/></a>")
    assert [child.tag for child in root] == ["b"]
