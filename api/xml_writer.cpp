#include "api/xml_writer.hpp"

namespace ec2sim::api {

void append_xml_escaped(std::string& out, std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* entity = nullptr;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&apos;"; break;
      case '\r': entity = "&#xD;"; break;  // a raw CR would be normalised away by parsers
      default: continue;
    }
    out.append(s, start, i - start);
    out += entity;
    start = i + 1;
  }
  out.append(s, start, s.size() - start);
}

void XmlWriter::open(std::string_view name, std::string_view xmlns) {
  out_ += '<';
  out_ += name;
  if (!xmlns.empty()) {
    out_ += " xmlns=\"";
    append_xml_escaped(out_, xmlns);
    out_ += '"';
  }
  out_ += '>';
}

void XmlWriter::close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::empty(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += "/>";
}

void XmlWriter::text(std::string_view s) { append_xml_escaped(out_, s); }

}  // namespace ec2sim::api
