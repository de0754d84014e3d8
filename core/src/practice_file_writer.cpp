// Writing practice files (practice template, practice export): the Markdown that
// ParsePracticeFile reads back to the same content.
#include "front_matter.h"
#include "staccs/core/practice.h"

namespace staccs::core {

std::string WritePracticeFile(const PracticeContent& p) {
  std::string phases, kinds, actors;
  for (Phase ph : AllPhases()) phases += (phases.empty() ? "" : " | ") + std::string(PhaseId(ph));
  for (PracticeKind k : AllKinds()) kinds += (kinds.empty() ? "" : " | ") + std::string(KindId(k));
  for (std::string_view a : SuggestedActors()) actors += (actors.empty() ? "" : ", ") + std::string(a);
  std::string out = "---\n"
                    "# A practice record: a good practice, a gap, or a reference from the literature.\n"
                    "# Lists are comma-separated; put an item with a comma in \"quotes\". The description\n"
                    "# is the text after the header (Markdown). Lines between <!-- and --> are not saved.\n";
  out += "title:" + (p.title.empty() ? std::string() : " " + FrontMatterScalar(p.title)) + "\n";
  out += "phase: " + std::string(PhaseId(p.phase)) + "   # " + phases + "\n";
  out += "kind: " + std::string(KindId(p.kind)) + "   # " + kinds + "\n";
  out += "actors:" + (p.actors.empty() ? std::string() : " " + FrontMatterList(p.actors)) + "   # e.g. " + actors + "\n";
  out += "countries:" + (p.countries.empty() ? std::string() : " " + FrontMatterList(p.countries)) +
         "   # countries or regions\n";
  out += "sources:" + (p.sources.empty() ? std::string() : " " + FrontMatterList(p.sources)) +
         "   # citations, links\n";
  out += "---\n";
  if (p.description.empty()) out += "<!-- What was done or is missing, by whom, where, and what came of it. -->\n";
  else out += p.description + "\n";
  return out;
}

}  // namespace staccs::core
