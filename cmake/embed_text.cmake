# Writes OUTPUT, a C++ source defining `std::string_view NAMESPACE::FUNCTION()` (declared in
# HEADER) that returns the bytes of INPUT. Run with cmake -P at build time (CMakeLists.txt's
# embed_file).
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," content "${content}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n"
  "#include \"${HEADER}\"\n"
  "namespace ${NAMESPACE} {\n"
  "namespace { constexpr char kData_${FUNCTION}[] = {${content}}; }\n"
  "std::string_view ${FUNCTION}() { return {kData_${FUNCTION}, sizeof kData_${FUNCTION}}; }\n"
  "}\n")
