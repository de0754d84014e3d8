# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=kName -P embed_binary.cmake
# Writes a C++ source defining staccs::gui::widgets::detail::<SYMBOL> (the bytes of INPUT) and
# <SYMBOL>Size. Runs at build time, only when INPUT changes.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
# 32 bytes a line keeps the generated file readable by editors and diff tools.
string(REPEAT "[0-9a-f]" 64 line_pattern)
string(REGEX REPLACE "(${line_pattern})" "\\1\n" hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated at build time from ${INPUT}. Do not edit.\n"
  "#include <cstddef>\n"
  "namespace staccs::gui::widgets::detail {\n"
  "extern const unsigned char ${SYMBOL}[];\n"
  "extern const std::size_t ${SYMBOL}Size;\n"
  "alignas(4) const unsigned char ${SYMBOL}[${byte_count}] = {\n${body}};\n"
  "const std::size_t ${SYMBOL}Size = ${byte_count};\n"
  "}  // namespace staccs::gui::widgets::detail\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
