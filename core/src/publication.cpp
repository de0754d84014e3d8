#include "staccs/core/publication.h"

#include <map>
#include <nlohmann/json.hpp>

#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/received_revisions.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice.h"

namespace staccs::core {

namespace {

using nlohmann::json;

struct PublishedAttachment {
  AttachmentDescriptor descriptor;
  std::string file;  // name written in the attachments folder; empty if not exported
};

struct Contribution {
  std::vector<PublishedAttachment> attachments;
  std::size_t number = 0;
  bool attributed = false;
  AuthorDetails author;  // empty unless attributed
  std::string language;
  std::vector<Answer> answers;
};

struct Counts {
  std::size_t received = 0, attributed = 0, anonymous = 0, not_published = 0, withdrawn = 0, practices = 0;
  std::map<std::string, std::size_t> by_group, by_country, by_question;
};

struct Model {
  std::string attachments_folder;  // as linked from the publication
  Campaign campaign;
  std::vector<Contribution> contributions;
  std::vector<PracticeContent> practices;
  Counts counts;
};

std::string SafeFileName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (out.size() > 80) out.erase(0, out.size() - 80);  // keep the extension
  return out.empty() || out[0] == '.' ? "file" + out : out;
}

std::string SizeText(std::uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " bytes";
  if (bytes < 1000 * 1000) return std::to_string((bytes + 500) / 1000) + " kB";
  return std::to_string(bytes / 1000000) + "." + std::to_string(bytes / 100000 % 10) + " MB";
}

Result<Model> BuildModel(Kit& kit, std::string_view campaign_id, const std::filesystem::path* attachments_dir) {
  Model m;
  STACCS_ASSIGN(m.campaign, CampaignStore(kit).Get(campaign_id));
  if (attachments_dir) {
    STACCS_TRY(platform::CreateDirectoriesDurably(*attachments_dir, platform::FolderAccess::kShared));
    m.attachments_folder = attachments_dir->filename().string();
  }
  STACCS_ASSIGN(auto all, ReceivedRevisions(kit, m.campaign.id_hex()));
  // Which submissions ever gave consent to publish: a later "do not publish" withdraws it.
  std::map<std::pair<std::string, std::string>, bool> ever_published;
  for (const auto& s : all) {
    if (s.type != BundleType::kSubmission) continue;
    auto d = DecodeDraftContent(s.content);
    if (d && d->consent != Consent::kDoNotPublish) ever_published[{s.author_key, s.submission_id}] = true;
  }
  for (const auto& s : CurrentRevisions(std::move(all))) {
    if (s.type == BundleType::kPractice) {
      if (auto p = DecodePracticeContent(s.content)) {
        m.practices.push_back(std::move(p).value());
        ++m.counts.practices;
      }
      continue;
    }
    auto d = DecodeDraftContent(s.content);
    if (!d) continue;
    ++m.counts.received;
    const std::string group = d->author.stakeholder_group.empty() ? "not given" : d->author.stakeholder_group;
    const std::string country = d->author.country.empty() ? "not given" : d->author.country;
    ++m.counts.by_group[group];
    ++m.counts.by_country[country];
    for (const auto& a : d->answers)
      if (!a.text.empty()) ++m.counts.by_question[a.question_id];
    if (d->consent == Consent::kDoNotPublish) {
      ++m.counts.not_published;
      if (ever_published.count({s.author_key, s.submission_id})) ++m.counts.withdrawn;
      continue;
    }
    Contribution c;
    c.number = m.contributions.size() + 1;
    c.attributed = d->consent == Consent::kPublishWithAttribution;
    if (c.attributed) {
      c.author = d->author;
      ++m.counts.attributed;
    } else {
      ++m.counts.anonymous;
    }
    c.language = d->language;
    c.answers = d->answers;
    STACCS_ASSIGN(auto attachments, ReceivedAttachments(kit, s.bundle_id));
    for (std::size_t i = 0; i < attachments.size(); ++i) {
      PublishedAttachment a{attachments[i], ""};
      if (attachments_dir) {
        a.file = "contribution-" + std::to_string(c.number) + "-" + std::to_string(i + 1) + "-" + SafeFileName(a.descriptor.name);
        STACCS_TRY(ExportReceivedAttachment(kit, s.bundle_id, i, *attachments_dir / a.file));
      }
      c.attachments.push_back(std::move(a));
    }
    m.contributions.push_back(std::move(c));
  }
  return m;
}

// "Name · Organisation · group · country" of an attributed contribution (plain text).
std::string AttributionLine(const Contribution& c) {
  std::string who;
  for (const auto* f : {&c.author.name, &c.author.organisation, &c.author.stakeholder_group, &c.author.country})
    if (!f->empty()) who += (who.empty() ? "" : " · ") + *f;
  return who.empty() ? "Attributed (no details given)" : who;
}

std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Paragraphs separated by blank lines; line breaks kept.
std::string HtmlParagraphs(std::string_view text, const std::string& lang) {
  std::string out, para;
  auto flush = [&] {
    if (para.empty()) return;
    out += "<p dir=\"auto\" lang=\"" + Html(lang) + "\">" + para + "</p>\n";
    para.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) flush();
    else para += (para.empty() ? "" : "<br>") + Html(line);
    pos = nl + 1;
  }
  flush();
  return out;
}

std::string Csv(std::string_view s) {
  std::string v(s);
  // A cell that starts like a formula is neutralised: spreadsheets must show, not run, it.
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

std::vector<std::pair<std::string, std::string>> CountRows(const Counts& c) {
  return {{"contributions received", SuppressedCount(c.received)},
          {"published with attribution", SuppressedCount(c.attributed)},
          {"published anonymously", SuppressedCount(c.anonymous)},
          {"not published (at the contributor's request)", SuppressedCount(c.not_published)},
          {"of which withdrawn after an earlier consent", SuppressedCount(c.withdrawn)},
          {"practice records", SuppressedCount(c.practices)}};
}

std::string RenderHtml(const Model& m) {
  const std::string lang = m.campaign.languages.empty() ? "en" : m.campaign.languages.front();
  std::string h = "<!DOCTYPE html>\n<html lang=\"" + Html(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  Html(m.campaign.title.Get(lang)) + "</title>\n<style>\n"
                  "body{font-family:'Noto Sans','Noto Sans Arabic',sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}\n"
                  "h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:2em}h3{font-size:1.05em;margin-bottom:.2em}\n"
                  "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:start}\n"
                  ".meta{color:#444;font-size:.9em}section.contribution{break-inside:avoid-page}\n"
                  "@media print{body{margin:0;max-width:none}a{color:inherit}}\n</style>\n</head>\n<body>\n";
  h += "<h1 dir=\"auto\">" + Html(m.campaign.title.Get(lang)) + "</h1>\n";
  h += "<p class=\"meta\">Campaign " + m.campaign.id_hex().substr(0, 16) + "… · compiled " +
       FormatUtcDate(platform::UnixTimeNow()) + "</p>\n<h2>Counts</h2>\n<table>\n";
  for (const auto& [label, value] : CountRows(m.counts)) h += "<tr><th>" + Html(label) + "</th><td>" + value + "</td></tr>\n";
  h += "</table>\n";
  auto table = [&](const char* title, const std::map<std::string, std::size_t>& counts) {
    h += std::string("<h3>") + title + "</h3>\n<table>\n";
    for (const auto& [k, n] : counts) h += "<tr><th dir=\"auto\">" + Html(k) + "</th><td>" + SuppressedCount(n) + "</td></tr>\n";
    h += "</table>\n";
  };
  table("By stakeholder group", m.counts.by_group);
  table("By country", m.counts.by_country);
  std::map<std::string, std::size_t> by_question;
  for (const auto& q : m.campaign.questions) {
    auto it = m.counts.by_question.find(q.id);
    by_question[q.prompt.Get(lang).substr(0, 80)] = it == m.counts.by_question.end() ? 0 : it->second;
  }
  table("Answers per question", by_question);
  h += "<h2>Contributions</h2>\n";
  for (const auto& c : m.contributions) {
    h += "<section class=\"contribution\">\n<h3>Contribution " + std::to_string(c.number) + "</h3>\n<p class=\"meta\" dir=\"auto\">";
    h += c.attributed ? Html(AttributionLine(c)) : "Anonymous";
    h += "</p>\n";
    if (!c.attachments.empty()) {
      h += "<ul class=\"meta\">\n";
      for (const auto& a : c.attachments) {
        const std::string label = Html(a.descriptor.name) + " (" + SizeText(a.descriptor.size) + ")";
        h += a.file.empty() ? "<li>" + label + "</li>\n"
                            : "<li><a href=\"" + Html(m.attachments_folder + "/" + a.file) + "\">" + label + "</a></li>\n";
      }
      h += "</ul>\n";
    }
    for (const auto& q : m.campaign.questions) {
      const std::string* text = nullptr;
      for (const auto& a : c.answers)
        if (a.question_id == q.id && !a.text.empty()) text = &a.text;
      if (!text) continue;
      h += "<h4 dir=\"auto\">" + Html(q.prompt.Get(lang)) + "</h4>\n" + HtmlParagraphs(*text, c.language);
    }
    h += "</section>\n";
  }
  if (!m.practices.empty()) {
    h += "<h2>Practice records</h2>\n";
    for (const auto& p : m.practices) {
      h += "<section class=\"contribution\">\n<h3 dir=\"auto\">" + Html(p.title) + "</h3>\n<p class=\"meta\">" +
           Html(std::string(KindId(p.kind))) + " · " + Html(std::string(PhaseLabel(p.phase))) + "</p>\n" +
           HtmlParagraphs(p.description, lang) + "</section>\n";
    }
  }
  return h + "</body>\n</html>\n";
}

std::string RenderMarkdown(const Model& m) {
  const std::string lang = m.campaign.languages.empty() ? "en" : m.campaign.languages.front();
  std::string md = "# " + m.campaign.title.Get(lang) + "\n\n## Counts\n\n| | |\n| --- | --- |\n";
  for (const auto& [label, value] : CountRows(m.counts)) md += "| " + label + " | " + value + " |\n";
  auto table = [&](const char* title, const std::map<std::string, std::size_t>& counts) {
    md += std::string("\n### ") + title + "\n\n| | |\n| --- | --- |\n";
    for (const auto& [k, n] : counts) md += "| " + k + " | " + SuppressedCount(n) + " |\n";
  };
  table("By stakeholder group", m.counts.by_group);
  table("By country", m.counts.by_country);
  table("Answers per question (by question id)", m.counts.by_question);
  md += "\n## Contributions\n";
  for (const auto& c : m.contributions) {
    md += "\n### Contribution " + std::to_string(c.number) + "\n\n";
    md += "*" + (c.attributed ? AttributionLine(c) : std::string("Anonymous")) + "*\n";
    for (const auto& a : c.attachments)
      md += "\n- Attachment: " + (a.file.empty() ? a.descriptor.name : "[" + a.descriptor.name + "](" + m.attachments_folder + "/" + a.file + ")") +
            " (" + SizeText(a.descriptor.size) + ")";
    if (!c.attachments.empty()) md += "\n";
    for (const auto& q : m.campaign.questions)
      for (const auto& a : c.answers)
        if (a.question_id == q.id && !a.text.empty()) md += "\n#### " + q.prompt.Get(lang) + "\n\n" + a.text + "\n";
  }
  if (!m.practices.empty()) {
    md += "\n## Practice records\n";
    for (const auto& p : m.practices)
      md += "\n### " + p.title + "\n\n*" + std::string(KindId(p.kind)) + " · " + std::string(PhaseLabel(p.phase)) + "*\n\n" +
            p.description + "\n";
  }
  return md;
}

std::string RenderCsv(const Model& m) {
  std::string csv = "\xEF\xBB\xBF";  // UTF-8 byte order mark: spreadsheet programs then read UTF-8
  csv += "contribution,attribution,name,organisation,stakeholder_group,country,language";
  for (const auto& q : m.campaign.questions) csv += "," + Csv(q.id);
  csv += ",attachments\r\n";
  for (const auto& c : m.contributions) {
    csv += std::to_string(c.number) + "," + (c.attributed ? "attributed" : "anonymous") + "," + Csv(c.author.name) + "," +
           Csv(c.author.organisation) + "," + Csv(c.author.stakeholder_group) + "," + Csv(c.author.country) + "," +
           Csv(c.language);
    for (const auto& q : m.campaign.questions) {
      std::string text;
      for (const auto& a : c.answers)
        if (a.question_id == q.id) text = a.text;
      csv += "," + Csv(text);
    }
    std::string files;
    for (const auto& a : c.attachments) files += (files.empty() ? "" : "; ") + (a.file.empty() ? a.descriptor.name : a.file);
    csv += "," + Csv(files) + "\r\n";
  }
  return csv;
}

std::string RenderJson(const Model& m) {
  auto counts_json = [](const std::map<std::string, std::size_t>& counts) {
    json j = json::object();
    for (const auto& [k, n] : counts) j[k] = SuppressedCount(n);
    return j;
  };
  json counts = json::object();
  for (const auto& [label, value] : CountRows(m.counts)) counts[label] = value;
  counts["by_stakeholder_group"] = counts_json(m.counts.by_group);
  counts["by_country"] = counts_json(m.counts.by_country);
  counts["by_question"] = counts_json(m.counts.by_question);
  json contributions = json::array();
  for (const auto& c : m.contributions) {
    json answers = json::object();
    for (const auto& a : c.answers) answers[a.question_id] = a.text;
    json files = json::array();
    for (const auto& a : c.attachments)
      files.push_back({{"name", a.descriptor.name}, {"media_type", a.descriptor.media_type}, {"size", a.descriptor.size},
                       {"file", a.file.empty() ? json(nullptr) : json(a.file)}});
    json entry = {{"contribution", c.number}, {"language", c.language}, {"answers", answers}, {"attachments", files}};
    entry["attribution"] = c.attributed ? json{{"name", c.author.name}, {"organisation", c.author.organisation},
                                               {"stakeholder_group", c.author.stakeholder_group},
                                               {"country", c.author.country}}
                                        : json(nullptr);
    contributions.push_back(entry);
  }
  json practices = json::array();
  for (const auto& p : m.practices)
    practices.push_back({{"title", p.title}, {"description", p.description}, {"phase", std::string(PhaseId(p.phase))},
                         {"kind", std::string(KindId(p.kind))}, {"actors", p.actors}, {"countries", p.countries},
                         {"sources", p.sources}});
  json title = json::object();
  for (const auto& [l, t] : m.campaign.title.by_language) title[l] = t;
  json out = {{"campaign", {{"id", m.campaign.id_hex()}, {"title", title}}},
              {"counts", counts},
              {"small_counts", "counts from 1 to 4 are shown as \"<5\""},
              {"contributions", contributions},
              {"practices", practices}};
  return out.dump(2) + "\n";
}

}  // namespace

std::optional<PublicationFormat> ParsePublicationFormat(std::string_view name) {
  if (name == "html") return PublicationFormat::kHtml;
  if (name == "md" || name == "markdown") return PublicationFormat::kMarkdown;
  if (name == "csv") return PublicationFormat::kCsv;
  if (name == "json") return PublicationFormat::kJson;
  return std::nullopt;
}

std::string SuppressedCount(std::size_t n) {
  if (n == 0) return "0";
  if (n < kSmallCountThreshold) return "<5";
  return std::to_string(n);
}

Result<std::string> CompilePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                       const std::filesystem::path* attachments_dir) {
  STACCS_ASSIGN(Model m, BuildModel(kit, campaign_id, attachments_dir));
  switch (format) {
    case PublicationFormat::kHtml: return RenderHtml(m);
    case PublicationFormat::kMarkdown: return RenderMarkdown(m);
    case PublicationFormat::kCsv: return RenderCsv(m);
    case PublicationFormat::kJson: return RenderJson(m);
  }
  return Error::Usage("unknown publication format");
}

}  // namespace staccs::core
