#!/usr/bin/python3
"""Reads a publication file with the parsers its readers use and prints what they saw as JSON,
for tests/core/publication_hostile_test.cpp to judge:

  publication_check.py html FILE   html5lib (a browser's parsing algorithm): its parse errors,
                                   every element and attribute, the links and the text
  publication_check.py md FILE     Python-Markdown with the 'extra' extensions (tables,
                                   attribute lists, footnotes, abbreviations, fenced code, raw
                                   HTML in blocks), its HTML read by html5lib the same way
  publication_check.py csv FILE    the csv module: every row, as cells

Run with Debian's /usr/bin/python3 (python3-html5lib, python3-markdown).
"""
import csv
import json
import sys

import html5lib


def walk(root):
    elements, attributes, links, headings, texts = {}, [], [], [], []

    def text_of(node):
        return "".join(node.itertext())

    for node in root.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue  # comments
        name = tag.split("}")[-1]
        elements[name] = elements.get(name, 0) + 1
        for key, value in node.attrib.items():
            attributes.append([name, key.split("}")[-1], value])
            if key.split("}")[-1] == "href":
                links.append(value)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            headings.append([name, text_of(node)])
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    texts = text_of(body) if body is not None else ""
    return {"elements": elements, "attributes": attributes, "links": links, "headings": headings, "text": texts}


def parse_html(text):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), strict=False)
    root = parser.parse(text)
    errors = [f"line {pos[0]} col {pos[1]}: {code} {data}" for pos, code, data in parser.errors]
    result = walk(root)
    result["errors"] = errors
    return result


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "html":
        with open(path, encoding="utf-8") as f:
            print(json.dumps(parse_html(f.read())))
    elif kind == "md":
        import markdown
        with open(path, encoding="utf-8") as f:
            source = f.read()
        html = markdown.markdown(source, extensions=["extra"])
        result = parse_html("<!DOCTYPE html><html><head><title>t</title></head><body>" + html + "</body></html>")
        result["html"] = html
        print(json.dumps(result))
    elif kind == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            print(json.dumps({"rows": list(csv.reader(f))}))
    else:
        sys.exit("usage: publication_check.py html|md|csv FILE")


if __name__ == "__main__":
    main()
