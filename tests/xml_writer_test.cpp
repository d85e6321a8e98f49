#include "api/xml_writer.hpp"

#include "test_support.hpp"

TEST_CASE("text and attribute values are escaped", "[xml]") {
  std::string out;
  ec2sim::api::XmlWriter xml(out);
  xml.open("a", "urn:x&y");
  xml.element("b", "<tag> & \"quoted\" 'single'\r");
  xml.empty("c");
  xml.close("a");
  CHECK(out == "<a xmlns=\"urn:x&amp;y\"><b>&lt;tag&gt; &amp; &quot;quoted&quot; &apos;single&apos;&#xD;</b><c/></a>");
}
