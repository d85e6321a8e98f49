#!/usr/bin/env python3
"""Writes api/model.hpp's tables from the EC2 service model.

Usage: gen_model_tables.py SERVICE_JSON ADDITIONS_JSON OUTPUT_CPP [NEWER_MIN_JSON]

SERVICE_JSON is botocore's model (Debian 12's, late 2022): named shapes, enums, bounds and
the documentation MaxResults bounds are read from. NEWER_MIN_JSON is the newest model
there is, aws-sdk's ec2-2016-11-15.min.json (minified: shapes inlined or named S1..,
"string" when a shape has no type, no enums or documentation): its operations and
members that botocore's lacks are merged in, and structures take its required lists.
ADDITIONS_JSON (api/model_additions.json) lists members newer still; they are merged last.

Only the structural facts are taken (shape kinds, member spellings, required members,
enums, bounds); the model's documentation is never copied. Runs at build time so nothing
generated is committed.
"""
import json
import re
import sys


def cap(s):
    return s[:1].upper() + s[1:]


def cstr(s):
    # A JSON string literal is a valid C++ string literal for ASCII. As a ""sv literal its
    # length is known without a constexpr strlen, which for tables this size exceeds clang's
    # constexpr step limit.
    return json.dumps(s) + "sv"


SCALARS = {"string": "String", "integer": "Integer", "boolean": "Boolean", "long": "Long",
           "timestamp": "DateTime", "double": "Double", "float": "Float", "blob": "Blob"}
SHAPE_KEYS = ("type", "members", "member", "required", "min", "max")


class NewerModel:
    """Merges aws-sdk's minified model into botocore's `model` (in place)."""

    def __init__(self, model, newer):
        self.shapes, self.newer = model["shapes"], newer
        self.converted = {}  # the newer model's shape names -> ours
        self.merged = set()  # (our structure, newer spec id) already merged

    def resolve(self, spec):
        return self.newer["shapes"][spec["shape"]] if "shape" in spec else spec

    def convert(self, spec, path):
        """Our shape name for the newer model's `spec` (a member or item), adding shapes."""
        if "shape" in spec:
            name = spec["shape"]
            if name not in self.converted:
                self.converted[name] = path
                self.add(path, self.newer["shapes"][name])
            return self.converted[name]
        kind = spec.get("type", "string")
        if kind in SCALARS and not any(k in spec for k in ("min", "max")):
            return SCALARS[kind]
        self.add(path, spec)
        return path

    def add(self, path, spec):
        if path in self.shapes:  # a newer shape named as one of botocore's: never replace it
            sys.exit("newer model shape %s would replace botocore's" % path)
        self.shapes[path] = self.build(spec, path)

    def member_of(self, spec, path):
        member = {"shape": self.convert(spec, path)}
        for key in ("locationName", "queryName"):
            if key in spec:
                member[key] = spec[key]
        return member

    def build(self, spec, path):
        out = {k: spec[k] for k in ("min", "max", "required") if k in spec}
        out["type"] = spec.get("type", "string")
        if out["type"] == "structure":
            out["members"] = {m: self.member_of(ms, path + "." + m) for m, ms in spec.get("members", {}).items()}
        elif out["type"] == "list":
            item = spec["member"]
            out["member"] = {"shape": self.convert(item, path + ".item")}
            if "locationName" in item:
                out["member"]["locationName"] = item["locationName"]
        return out

    def merge(self, ours_name, spec, path):
        """Adds the members of the newer structure `spec` that ours lacks, at every depth."""
        newer, ours = self.resolve(spec), self.shapes[ours_name]
        if (ours_name, id(newer)) in self.merged:
            return
        self.merged.add((ours_name, id(newer)))
        kind = newer.get("type", "string")
        if kind != ours["type"]:
            return
        if kind == "list":
            item = self.shapes[ours["member"]["shape"]]
            if item["type"] in ("structure", "list"):
                self.merge(ours["member"]["shape"], newer["member"], path + ".item")
            return
        if kind != "structure":
            return
        if "required" in newer:
            ours["required"] = newer["required"]
        else:
            ours.pop("required", None)
        for name, member in newer.get("members", {}).items():
            if name in ours["members"]:
                if self.shapes[ours["members"][name]["shape"]]["type"] in ("structure", "list"):
                    self.merge(ours["members"][name]["shape"], member, path + "." + name)
            else:
                ours["members"][name] = self.member_of(member, path + "." + name)

    def merge_operations(self, operations):
        for name, op in self.newer["operations"].items():
            ours = operations.setdefault(name, {"name": name})
            for side, suffix in (("input", "Request"), ("output", "Result")):
                if side not in op:
                    continue
                if side in ours:
                    self.merge(ours[side]["shape"], op[side], name + suffix)
                else:
                    ours[side] = {"shape": self.convert(op[side], name + suffix)}


def add_outputs(model, additions):
    """An operation AWS now answers with members (DeleteSecurityGroup's Return and GroupId)
    gets an empty result structure here; add_members then fills it."""
    for a in additions.get("outputs", []):
        op = model["operations"].get(a["operation"])
        if op is None:
            sys.exit("model addition names unknown operation %s" % a["operation"])
        if "output" in op and op["output"]["shape"] != a["structure"]:
            sys.exit("model addition: %s already answers with %s, not %s" % (a["operation"], op["output"]["shape"], a["structure"]))
        if "output" not in op:
            model["shapes"].setdefault(a["structure"], {"type": "structure", "members": {}})
            op["output"] = {"shape": a["structure"]}


def add_members(shapes, additions):
    for a in additions["members"]:
        if a["structure"] not in shapes:
            sys.exit("model addition %s.%s names unknown structure" % (a["structure"], a["member"]))
        structure = shapes[a["structure"]]
        if a["shape"] not in shapes:
            sys.exit("model addition %s.%s names unknown shape %s" % (a["structure"], a["member"], a["shape"]))
        member = {"shape": a["shape"]}
        if "locationName" in a:
            member["locationName"] = a["locationName"]
        structure["members"].setdefault(a["member"], member)  # the model's own wins once it has it


def max_results_bounds(model, op):
    """MaxResults's bounds for `op` as its documentation states them ("This value can be
    between 5 and 1000"; "If MaxResults is given a value larger than 500, only 500 items
    are returned": clamped), else its shape's min/max; (0, 0, False) when unbounded."""
    if "input" not in op:
        return 0, 0, False
    member = model["shapes"][op["input"]["shape"]]["members"].get("MaxResults")
    if not member:
        return 0, 0, False
    doc = re.sub(r"<[^>]+>", "", member.get("documentation", "")).replace(",", "")
    shape = model["shapes"][member["shape"]]
    low, high = shape.get("min", 0), shape.get("max", 0)
    stated = re.search(r"between (\d+) and (\d+)", doc)
    if stated:
        low, high = int(stated.group(1)), int(stated.group(2))
    clamp = re.search(r"(?:larger|greater) than (\d+)[^.]*only \1", doc)
    if clamp:
        high = int(clamp.group(1))
    return int(low), int(high), bool(clamp)


def main(src, additions_path, dst, newer_path=None):
    with open(src, encoding="utf-8") as f:
        model = json.load(f)
    shapes = model["shapes"]
    if newer_path:
        with open(newer_path, encoding="utf-8") as f:
            NewerModel(model, json.load(f)).merge_operations(model["operations"])
    with open(additions_path, encoding="utf-8") as f:
        additions = json.load(f)
    add_outputs(model, additions)
    add_members(shapes, additions)
    names = sorted(shapes)
    index = {n: i for i, n in enumerate(names)}
    kinds = {"structure": "Structure", "list": "List", "string": "String", "integer": "Integer",
             "long": "Long", "boolean": "Boolean", "double": "Double", "float": "Float",
             "timestamp": "Timestamp", "blob": "Blob"}

    shape_rows, member_rows, enum_rows = [], [], []
    for n in names:
        s = shapes[n]
        kind = kinds[s["type"]]
        first = count = 0
        item_name = ""
        if s["type"] == "structure":
            first = len(member_rows)
            required = set(s.get("required", []))
            for mname, m in s["members"].items():
                loc = m.get("locationName")
                wire_in = m.get("queryName") or cap(loc or mname)
                wire_out = loc or mname
                member_rows.append("{%s, %s, %s, %d, %s}" % (
                    cstr(mname), cstr(wire_in), cstr(wire_out), index[m["shape"]],
                    "true" if mname in required else "false"))
            count = len(member_rows) - first
        elif s["type"] == "list":
            first = index[s["member"]["shape"]]
            item_name = s["member"].get("locationName", "item")
        enum_first = len(enum_rows)
        for v in s.get("enum", []):
            enum_rows.append(cstr(v))
        enum_count = len(enum_rows) - enum_first
        has_min, has_max = "min" in s, "max" in s
        shape_rows.append("{%s, Kind::%s, %d, %d, %s, %s, %s, %dLL, %dLL, %d, %d}" % (
            cstr(n), kind, first, count, cstr(item_name),
            "true" if has_min else "false", "true" if has_max else "false",
            int(s.get("min", 0)), int(s.get("max", 0)), enum_first, enum_count))

    op_rows = []
    for op_name in sorted(model["operations"]):
        op = model["operations"][op_name]
        inp = index[op["input"]["shape"]] if "input" in op else 0xFFFF
        out = index[op["output"]["shape"]] if "output" in op else 0xFFFF
        low, high, clamps = max_results_bounds(model, op)
        op_rows.append("{%s, %d, %d, %d, %d, %s}" % (cstr(op_name), inp, out, low, high, "true" if clamps else "false"))

    if len(names) >= 0xFFFF or len(member_rows) >= 0xFFFF or len(enum_rows) >= 0xFFFF:
        sys.exit("model too large for 16-bit table indexes")

    with open(dst, "w", encoding="utf-8") as out:
        out.write("// Generated by api/gen_model_tables.py from %s. Do not edit.\n" % model["metadata"]["uid"])
        out.write('#include "api/model.hpp"\n\nnamespace ec2sim::model {\nnamespace {\n')
        out.write("using namespace std::string_view_literals;\n")
        out.write("constexpr Shape kShapes[] = {\n%s};\n" % "".join("  %s,\n" % r for r in shape_rows))
        out.write("constexpr Member kMembers[] = {\n%s};\n" % "".join("  %s,\n" % r for r in member_rows))
        out.write("constexpr std::string_view kEnums[] = {\n%s};\n" % "".join("  %s,\n" % r for r in enum_rows))
        out.write("constexpr Operation kOperations[] = {\n%s};\n" % "".join("  %s,\n" % r for r in op_rows))
        out.write("}  // namespace\n")
        out.write("std::span<const Shape> shapes() { return kShapes; }\n")
        out.write("std::span<const Member> members() { return kMembers; }\n")
        out.write("std::span<const std::string_view> enum_values() { return kEnums; }\n")
        out.write("std::span<const Operation> operations() { return kOperations; }\n")
        out.write("}  // namespace ec2sim::model\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
