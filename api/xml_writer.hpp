// A small streaming XML writer: elements and escaped text appended to one string. The
// responses we write are trees of simple elements, so no DOM is built.
#pragma once

#include <string>
#include <string_view>

namespace ec2sim::api {

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void declaration() { out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }
  // `<name xmlns="ns">`; pass an empty namespace for a plain start tag.
  void open(std::string_view name, std::string_view xmlns = {});
  void close(std::string_view name);
  void empty(std::string_view name);
  void text(std::string_view s);
  // <name>escaped text</name>
  void element(std::string_view name, std::string_view value) {
    open(name);
    text(value);
    close(name);
  }

 private:
  std::string& out_;
};

// `s` with &, <, >, " and ' replaced by their entities, appended to `out`.
void append_xml_escaped(std::string& out, std::string_view s);

}  // namespace ec2sim::api
