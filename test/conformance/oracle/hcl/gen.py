#!/usr/bin/env python3
"""Random bake files for the hcl oracle suite (run.sh).

gen.py SEED N OUTDIR writes OUTDIR/NNNN/ with a docker-bake.hcl, sometimes
a docker-bake.override.json, and an env file (NAME=VALUE lines) to run
both readers with.  The expressions are mostly in the subset ctxpack
evaluates (templates with ${}, escapes, $${ and %%{, heredocs and flush
heredocs, variables, lists, objects, ?:, ==, !=, &&, ||, !, numbers, bools,
null, comments of the three kinds), with a few beyond it (calls,
traversals, arithmetic, comparisons, directives) that both sides must
refuse for the same targets.
"""
import json
import os
import random
import sys

WORDS = ["app", "src", "build", "docker", "hack", "web", "api", "x-y", "v1",
         "a b", "dir/sub", "../up", ".", "", "Dockerfile", "dev.Dockerfile"]


class Gen:
    def __init__(self, r):
        self.r = r
        self.vars = {}      # name -> kind (str, bool, num, none)

    def word(self):
        return self.r.choice(WORDS)

    def lit_text(self, quoted=True):
        r = self.r
        parts = []
        for _ in range(r.randint(0, 3)):
            k = r.random()
            if k < 0.55:
                parts.append(self.word())
            elif k < 0.65:
                parts.append("$${lit}")
            elif k < 0.7:
                parts.append("%%{lit}")
            elif k < 0.75:
                parts.append("$x")
            elif k < 0.85 and quoted:
                parts.append(r.choice(["\\n", "\\t", "\\\"", "\\\\",
                                       "\\u0041", "\\U0001F600"]))
            else:
                parts.append(r.choice(["-", "_", ":", "/", "%", "$"]))
        return "".join(parts)

    def var_ref(self, kinds=None):
        names = [n for n, k in self.vars.items()
                 if kinds is None or k in kinds]
        if not names:
            return None
        return self.r.choice(names)

    def string(self, depth):
        r = self.r
        k = r.random()
        if k < 0.5 or depth > 2:
            out = '"'
            for _ in range(r.randint(0, 3)):
                if r.random() < 0.5:
                    out += self.lit_text()
                else:
                    out += "${" + self.expr(depth + 1, "scalar") + "}"
            return out + '"'
        if k < 0.7:
            v = self.var_ref(["str", "none"])
            return v if v else '"plain"'
        if k < 0.85 and depth == 0:
            # (a heredoc inside ${} must end its line: HCL refuses the
            # "}" after its marker, ctxpack is more lenient)
            return self.heredoc(depth)
        return self.cond(depth, "str")

    def heredoc(self, depth):
        r = self.r
        flush = r.random() < 0.6
        ind = " " * r.randint(0, 4) if flush else ""
        lines = []
        for _ in range(r.randint(0, 4)):
            extra = " " * r.randint(0, 3)
            if r.random() < 0.2:
                lines.append("")
                continue
            body = self.lit_text(quoted=False)
            if r.random() < 0.4:
                body += "${" + self.expr(depth + 1, "scalar") + "}"
            if r.random() < 0.2:
                body = "${" + self.expr(depth + 1, "scalar") + "}" + body
            lines.append(ind + extra + body)
        m = r.choice(["EOT", "EOF", "END"])
        op = "<<-" if flush else "<<"
        return op + m + "\n" + "".join(l + "\n" for l in lines) + \
            (ind if flush else "") + m

    def boolean(self, depth):
        r = self.r
        k = r.random()
        if k < 0.25 or depth > 2:
            return r.choice(["true", "false"])
        if k < 0.45:
            v = self.var_ref(["bool"])
            return v if v else "true"
        if k < 0.6:
            return "!" + self.boolean(depth + 1)
        if k < 0.8:
            return "%s %s %s" % (self.expr(depth + 1, "scalar"),
                                 r.choice(["==", "!="]),
                                 self.expr(depth + 1, "scalar"))
        return "(%s %s %s)" % (self.boolean(depth + 1), r.choice(["&&", "||"]),
                               self.boolean(depth + 1))

    def number(self):
        r = self.r
        s = r.choice(["0", "1", "42", "1.50", "2e3", "0.25", "007", "1E-2",
                      "-3", "-0.5", "123456789012345678901234567890"])
        if s.startswith("-") and r.random() < 0.3:
            s = "-(" + s[1:] + ")"
        return s

    def cond(self, depth, kind):
        a = self.string(depth + 1) if kind == "str" else \
            self.expr(depth + 1, "scalar")
        b = self.string(depth + 1) if kind == "str" else \
            self.expr(depth + 1, "scalar")
        return "%s ? %s : %s" % (self.boolean(depth + 1), a, b)

    def beyond(self):
        return self.r.choice([
            'upper("x")', 'join(",", ["a"])', "local.x", '["a"][0]',
            "1 + 2", "2 > 1", '"%{ if true }x%{ endif }"', '"${~ "x" ~}"',
            '[for s in ["a"] : s]', "{for k, v in {a = 1} : k => v}",
            "var.x.y", "!!true", "-(-1)"])

    def expr(self, depth, kind):
        r = self.r
        if r.random() < 0.03:
            return self.beyond()
        if kind == "scalar":
            k = r.random()
            if k < 0.55:
                return self.string(depth)
            if k < 0.7:
                return self.number()
            if k < 0.85:
                return self.boolean(depth)
            v = self.var_ref()
            return v if v else '"v"'
        if kind == "list":
            if r.random() < 0.1:
                return "null"
            return "[" + ", ".join(self.expr(depth + 1, "scalar")
                                   for _ in range(r.randint(0, 3))) + \
                r.choice(["", ","]) + "]"
        if kind == "object":
            if r.random() < 0.1:
                return "null"
            items = []
            keys = set()
            for _ in range(r.randint(0, 3)):
                key = r.choice(["src", "vendor", "base", "x-y", "k_1"])
                if key in keys:
                    continue
                keys.add(key)
                ks = key if r.random() < 0.6 else '"%s"' % key
                items.append("%s %s %s" % (ks, r.choice(["=", ":"]),
                                           self.expr(depth + 1, "scalar")))
            if r.random() < 0.5:
                return "{ " + ", ".join(items) + " }"
            return "{\n" + "".join("    " + i + "\n" for i in items) + "  }"
        raise ValueError(kind)

    def comment(self):
        r = self.r
        return r.choice(["# a comment\n", "// another\n", "/* block\n */\n",
                         ""])

    def hcl(self, targets):
        r = self.r
        out = [self.comment()]
        nv = r.randint(0, 5)
        for i in range(nv):
            name = "V%d" % i
            kind = r.choice(["str", "bool", "num", "none", "str"])
            if r.random() < 0.15:
                out.append("%s = %s\n" % (name, self.string(1)))
                self.vars[name] = "str"
                continue
            if kind == "none":
                out.append('variable "%s" {}\n' % name)
            else:
                if kind == "str":
                    d = self.string(1)
                elif kind == "bool":
                    d = r.choice(["true", "false"])
                else:
                    d = self.number()
                out.append('variable "%s" {\n  default = %s\n}\n' % (name, d))
            self.vars[name] = kind
            out.append(self.comment())
        for t in targets:
            out.append('target "%s" {\n' % t)
            for attr, kind in (("context", "str"), ("dockerfile", "str"),
                               ("dockerfile-inline", "str"),
                               ("contexts", "object"), ("inherits", "inh"),
                               ("tags", "list"), ("args", "object")):
                if r.random() < 0.45:
                    continue
                if kind == "str":
                    v = self.string(0) if r.random() < 0.9 else \
                        r.choice(["null", "5", "true"])
                elif kind == "inh":
                    v = "[" + ", ".join('"%s"' % r.choice(targets + ["nope"])
                                        for _ in range(r.randint(0, 2))) + "]"
                else:
                    v = self.expr(0, kind)
                out.append("  %s = %s\n" % (attr, v))
                if r.random() < 0.2:
                    out.append("  " + self.comment())
            out.append("}\n")
            if r.random() < 0.1:
                out.append('group "default" {\n  targets = ["%s"]\n}\n' % t)
        return "".join(out)

    def json_file(self, targets):
        r = self.r
        doc = {}
        if r.random() < 0.5:
            name = r.choice(list(self.vars) or ["J0"])
            if name not in self.vars:
                self.vars[name] = "str"
            kind = self.vars[name]
            dv = {"str": "json", "bool": True, "num": 7, "none": "j"}[kind]
            doc["variable"] = {name: {"default": dv}}
        tg = {}
        for t in r.sample(targets, min(len(targets), 2)):
            body = {}
            if r.random() < 0.7:
                v = self.var_ref()
                body["context"] = r.choice(["json-ctx", "${%s}" % v if v
                                            else "j", "$${no}", 3])
            if r.random() < 0.5:
                v2 = self.var_ref()
                body["dockerfile"] = ("df-${%s}.Dockerfile" % v2) if v2 \
                    else "json.df"
            if r.random() < 0.4:
                body["contexts"] = {"jc": "./json", "empty": ""}
            if r.random() < 0.3:
                body["inherits"] = [r.choice(targets)]
            tg[t] = body
        doc["target"] = tg
        return json.dumps(doc, indent=r.choice([None, 2]))

    def env(self):
        r = self.r
        out = []
        for name, kind in self.vars.items():
            if r.random() < 0.3:
                v = {"str": r.choice(["envval", "", "a b"]),
                     "bool": r.choice(["true", "0", "T", "False"]),
                     "num": r.choice(["5", "1.5", "1e2", "-2"]),
                     "none": "set"}[kind]
                out.append("%s=%s\n" % (name, v))
        return "".join(out)


def main():
    seed, n, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for i in range(n):
        r = random.Random(seed + i)
        g = Gen(r)
        targets = ["t%d" % k for k in range(r.randint(1, 5))]
        d = os.path.join(outdir, "%04d" % i)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "docker-bake.hcl"), "w") as f:
            f.write(g.hcl(targets))
        if r.random() < 0.3:
            with open(os.path.join(d, "docker-bake.override.json"), "w") as f:
                f.write(g.json_file(targets))
        with open(os.path.join(d, "env"), "w") as f:
            f.write(g.env())


if __name__ == "__main__":
    main()
