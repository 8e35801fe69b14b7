// hcl oracle: what `docker buildx bake` makes of bake files, evaluated by
// hashicorp/hcl/v2 itself, printed as the normalized JSON that
// src/cli/bake.c prints (through bakedump.c) for the same files.
//
// The bake model follows buildx's bake/hclparser and bake.go: top-level
// attributes and variable blocks are variables (the last definition wins;
// a variable block takes its value from the environment, parsed by the
// type of its default, unless BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is
// true); the blocks of a target merge in order; inherits merge first, in
// order, then the target's own attributes; an inherits cycle is ignored;
// empty named contexts are dropped; context defaults to "." and
// dockerfile to "Dockerfile".  Only context, dockerfile,
// dockerfile-inline, contexts and inherits are evaluated, and variables on
// demand, as ctxpack does.
//
// ctxpack evaluates a subset of HCL expressions.  A target whose
// attributes (or the variables they use) hold anything else is printed
// as {"error": true} here too, so both sides must agree on where the
// subset ends: function calls, traversals beyond a bare name, indexes,
// splats, for expressions, arithmetic, comparisons, template directives
// and strip markers, matrix and name.
//
// Usage: hcl FILE...   (FILEs ending in .json are read as HCL's JSON)
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

type variable struct {
	expr    hcl.Expression // default or attribute; nil: none
	isBlock bool
	isAttr  bool
	state   int // 0 todo, 1 busy, 2 done, 3 failed
	val     cty.Value
	err     error
	json    bool
	src     []byte
}

type block struct {
	name string
	body hcl.Body
	json bool
	src  []byte
}

type target struct {
	name       string
	context    *string
	dockerfile *string
	inline     *string
	contexts   map[string]string
	inherits   []string
	err        error
}

type bake struct {
	vars   map[string]*variable
	blocks []block
	env    bool
}

var errUnsupported = fmt.Errorf("beyond the subset")

// inSubset reports whether a native-syntax expression stays within what
// ctxpack evaluates.
func inSubset(e hclsyntax.Expression, src []byte) bool {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		r := x.SrcRange
		if r.End.Byte <= len(src) {
			t := src[r.Start.Byte:r.End.Byte]
			if bytes.Contains(t, []byte("${~")) ||
				bytes.Contains(t, []byte("~}")) {
				return false
			}
		}
		for _, p := range x.Parts {
			pr := p.Range()
			if pr.Start.Byte+2 <= len(src) &&
				string(src[pr.Start.Byte:pr.Start.Byte+2]) == "%{" {
				return false
			}
			if !inSubset(p, src) {
				return false
			}
		}
		return true
	case *hclsyntax.TemplateWrapExpr:
		r := x.SrcRange
		if r.End.Byte <= len(src) {
			t := src[r.Start.Byte:r.End.Byte]
			if bytes.Contains(t, []byte("${~")) ||
				bytes.Contains(t, []byte("~}")) {
				return false
			}
		}
		return inSubset(x.Wrapped, src)
	case *hclsyntax.TemplateJoinExpr:
		return false
	case *hclsyntax.ScopeTraversalExpr:
		return len(x.Traversal) == 1
	case *hclsyntax.TupleConsExpr:
		for _, i := range x.Exprs {
			if !inSubset(i, src) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, i := range x.Items {
			if !inSubset(i.KeyExpr, src) || !inSubset(i.ValueExpr, src) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsKeyExpr:
		if hcl.ExprAsKeyword(x.Wrapped) != "" && !x.ForceNonLiteral {
			return true
		}
		return inSubset(x.Wrapped, src)
	case *hclsyntax.ConditionalExpr:
		return inSubset(x.Condition, src) && inSubset(x.TrueResult, src) &&
			inSubset(x.FalseResult, src)
	case *hclsyntax.BinaryOpExpr:
		switch x.Op {
		case hclsyntax.OpEqual, hclsyntax.OpNotEqual,
			hclsyntax.OpLogicalAnd, hclsyntax.OpLogicalOr:
			return inSubset(x.LHS, src) && inSubset(x.RHS, src)
		}
		return false
	case *hclsyntax.UnaryOpExpr:
		if x.Op == hclsyntax.OpNegate {
			// ctxpack negates number literals only
			v := x.Val
			for {
				p, ok := v.(*hclsyntax.ParenthesesExpr)
				if !ok {
					break
				}
				v = p.Expression
			}
			if l, ok := v.(*hclsyntax.LiteralValueExpr); ok {
				return l.Val.Type() == cty.Number
			}
			return false
		}
		return inSubset(x.Val, src)
	case *hclsyntax.ParenthesesExpr:
		return inSubset(x.Expression, src)
	}
	return false
}

// jsonInSubset: the strings of a JSON value are templates; check each.
func jsonInSubset(e hcl.Expression, src []byte) bool {
	r := e.Range()
	if r.End.Byte > len(src) {
		return false
	}
	var v interface{}
	if err := json.Unmarshal(src[r.Start.Byte:r.End.Byte], &v); err != nil {
		return false
	}
	var walk func(interface{}) bool
	walk = func(v interface{}) bool {
		switch x := v.(type) {
		case string:
			t, d := hclsyntax.ParseTemplate([]byte(x), "", hcl.InitialPos)
			if d.HasErrors() {
				return false
			}
			return inSubset(t, []byte(x))
		case []interface{}:
			for _, i := range x {
				if !walk(i) {
					return false
				}
			}
		case map[string]interface{}:
			for _, i := range x {
				if !walk(i) {
					return false
				}
			}
		}
		return true
	}
	return walk(v)
}

func subset(e hcl.Expression, isJSON bool, src []byte) bool {
	if isJSON {
		return jsonInSubset(e, src)
	}
	if se, ok := e.(hclsyntax.Expression); ok {
		return inSubset(se, src)
	}
	return false
}

func (b *bake) eval(e hcl.Expression, isJSON bool, src []byte) (cty.Value, error) {
	if !subset(e, isJSON, src) {
		return cty.NilVal, errUnsupported
	}
	vars := map[string]cty.Value{}
	for _, t := range e.Variables() {
		name := t.RootName()
		v, err := b.value(name)
		if err != nil {
			return cty.NilVal, err
		}
		vars[name] = v
	}
	val, diags := e.Value(&hcl.EvalContext{Variables: vars})
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return val, nil
}

func (b *bake) value(name string) (cty.Value, error) {
	v, ok := b.vars[name]
	if !ok {
		return cty.NilVal, fmt.Errorf("undefined variable %q", name)
	}
	switch v.state {
	case 1:
		return cty.NilVal, fmt.Errorf("variable cycle not allowed for %s", name)
	case 2:
		return v.val, nil
	case 3:
		return cty.NilVal, v.err
	}
	v.state = 1
	val, err := b.compute(name, v)
	if err != nil {
		v.state, v.err = 3, err
		return cty.NilVal, err
	}
	v.state, v.val = 2, val
	return val, nil
}

func (b *bake) compute(name string, v *variable) (cty.Value, error) {
	envv, envok := "", false
	if b.env && v.isBlock {
		envv, envok = os.LookupEnv(name)
	}
	if v.expr == nil {
		return cty.StringVal(envv), nil
	}
	vv, err := b.eval(v.expr, v.json, v.src)
	if err != nil {
		return cty.NilVal, err
	}
	if !envok {
		return vv, nil
	}
	switch {
	case vv.Type().Equals(cty.Bool):
		bo, err := strconv.ParseBool(envv)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.BoolVal(bo), nil
	case vv.Type().Equals(cty.String):
		return cty.StringVal(envv), nil
	case vv.Type().Equals(cty.Number):
		n, err := strconv.ParseFloat(envv, 64)
		if err == nil && (math.IsNaN(n) || math.IsInf(n, 0)) {
			err = fmt.Errorf("invalid number value")
		}
		if err != nil {
			return cty.NilVal, err
		}
		return cty.NumberVal(big.NewFloat(n)), nil
	}
	return cty.NilVal, fmt.Errorf("unsupported type for variable %s", name)
}

func (b *bake) str(attrs hcl.Attributes, name string, bl block) (*string, error) {
	a, ok := attrs[name]
	if !ok {
		return nil, nil
	}
	v, err := b.eval(a.Expr, bl.json, bl.src)
	if err != nil {
		return nil, err
	}
	v, err = convert.Convert(v, cty.String)
	if err != nil {
		return nil, err
	}
	if v.IsNull() {
		return nil, nil
	}
	s := v.AsString()
	return &s, nil
}

func (b *bake) decode(bl block) (*target, error) {
	attrs, diags := bl.body.JustAttributes()
	if diags.HasErrors() {
		return nil, diags
	}
	if _, ok := attrs["matrix"]; ok {
		return nil, errUnsupported
	}
	if _, ok := attrs["name"]; ok {
		return nil, errUnsupported
	}
	t := &target{name: bl.name}
	var err error
	if t.context, err = b.str(attrs, "context", bl); err != nil {
		return nil, err
	}
	if t.dockerfile, err = b.str(attrs, "dockerfile", bl); err != nil {
		return nil, err
	}
	if t.inline, err = b.str(attrs, "dockerfile-inline", bl); err != nil {
		return nil, err
	}
	if a, ok := attrs["contexts"]; ok {
		v, err := b.eval(a.Expr, bl.json, bl.src)
		if err != nil {
			return nil, err
		}
		v, err = convert.Convert(v, cty.Map(cty.String))
		if err != nil {
			return nil, err
		}
		if !v.IsNull() {
			t.contexts = map[string]string{}
			for k, e := range v.AsValueMap() {
				if e.IsNull() {
					return nil, fmt.Errorf("null context")
				}
				t.contexts[k] = e.AsString()
			}
		}
	}
	if a, ok := attrs["inherits"]; ok {
		v, err := b.eval(a.Expr, bl.json, bl.src)
		if err != nil {
			return nil, err
		}
		v, err = convert.Convert(v, cty.List(cty.String))
		if err != nil {
			return nil, err
		}
		if !v.IsNull() {
			for _, e := range v.AsValueSlice() {
				if e.IsNull() {
					return nil, fmt.Errorf("null inherits")
				}
				t.inherits = append(t.inherits, e.AsString())
			}
		}
	}
	return t, nil
}

func (t *target) merge(u *target) {
	if u.context != nil {
		t.context = u.context
	}
	if u.dockerfile != nil {
		t.dockerfile = u.dockerfile
	}
	if u.inline != nil {
		t.inline = u.inline
	}
	for k, v := range u.contexts {
		if t.contexts == nil {
			t.contexts = map[string]string{}
		}
		t.contexts[k] = v
	}
	t.inherits = append(t.inherits, u.inherits...)
}

func resolve(all map[string]*target, name string, visited map[string]*target) (*target, error) {
	if t, ok := visited[name]; ok {
		return t, nil
	}
	visited[name] = nil
	t, ok := all[name]
	if !ok {
		return nil, fmt.Errorf("failed to find target %s", name)
	}
	if t.err != nil {
		return nil, t.err
	}
	tt := &target{}
	for _, n := range t.inherits {
		p, err := resolve(all, n, visited)
		if err != nil {
			return nil, err
		}
		if p != nil {
			tt.merge(p)
		}
	}
	m := &target{name: name}
	m.merge(tt)
	m.merge(t)
	for k, v := range m.contexts {
		if v == "" {
			delete(m.contexts, k)
		}
	}
	visited[name] = m
	return m, nil
}

func jstr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString("\\n")
		case c == '\t':
			b.WriteString("\\t")
		case c == '\r':
			b.WriteString("\\r")
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\u%04x", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var schema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "target", LabelNames: []string{"name"}},
		{Type: "group", LabelNames: []string{"name"}},
		{Type: "function", LabelNames: []string{"name"}},
	},
}

func main() {
	b := &bake{vars: map[string]*variable{}, env: true}
	if v, ok := os.LookupEnv("BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP"); ok {
		if d, err := strconv.ParseBool(v); err == nil && d {
			b.env = false
		}
	}
	p := hclparse.NewParser()
	for _, fn := range os.Args[1:] {
		var f *hcl.File
		var diags hcl.Diagnostics
		isJSON := strings.HasSuffix(fn, ".json")
		if isJSON {
			f, diags = p.ParseJSONFile(fn)
		} else {
			f, diags = p.ParseHCLFile(fn)
		}
		if diags.HasErrors() {
			fmt.Fprintln(os.Stderr, diags.Error())
			fmt.Println(`{"error": "file"}`)
			return
		}
		content, remain, diags := f.Body.PartialContent(schema)
		if diags.HasErrors() {
			fmt.Fprintln(os.Stderr, diags.Error())
			fmt.Println(`{"error": "file"}`)
			return
		}
		attrs, _ := remain.JustAttributes()
		// attributes in source order, so that the last one wins
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			return attrs[names[i]].Range.Start.Byte < attrs[names[j]].Range.Start.Byte
		})
		for _, n := range names {
			if n == "target" || n == "group" || n == "function" || n == "variable" {
				continue
			}
			v := b.vars[n]
			if v == nil {
				v = &variable{}
				b.vars[n] = v
			}
			v.expr, v.isAttr, v.json, v.src = attrs[n].Expr, true, isJSON, f.Bytes
		}
		for _, bl := range content.Blocks {
			switch bl.Type {
			case "variable":
				v := b.vars[bl.Labels[0]]
				if v == nil {
					v = &variable{}
					b.vars[bl.Labels[0]] = v
				}
				v.isBlock = true
				if !v.isAttr {
					va, _ := bl.Body.JustAttributes()
					v.expr = nil
					if d, ok := va["default"]; ok {
						v.expr = d.Expr
					}
					v.json, v.src = isJSON, f.Bytes
				}
			case "target":
				b.blocks = append(b.blocks, block{bl.Labels[0], bl.Body, isJSON, f.Bytes})
			}
		}
	}
	all := map[string]*target{}
	for _, bl := range b.blocks {
		t := all[bl.name]
		if t == nil {
			t = &target{name: bl.name}
			all[bl.name] = t
		}
		if t.err != nil {
			continue
		}
		one, err := b.decode(bl)
		if err != nil {
			t.err = err
			continue
		}
		t.merge(one)
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Println("{")
	for i, n := range names {
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		r, err := resolve(all, n, map[string]*target{})
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", n, err)
			fmt.Printf("  %s: {\"error\": true}%s\n", jstr(n), sep)
			continue
		}
		ctx, df := ".", "Dockerfile"
		if r.context != nil {
			ctx = *r.context
		}
		if r.dockerfile != nil && *r.dockerfile != "" {
			df = *r.dockerfile
		}
		keys := make([]string, 0, len(r.contexts))
		for k := range r.contexts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var cs []string
		for _, k := range keys {
			cs = append(cs, jstr(k)+": "+jstr(r.contexts[k]))
		}
		line := fmt.Sprintf("  %s: {\"context\": %s, \"contexts\": {%s}, \"dockerfile\": %s",
			jstr(n), jstr(ctx), strings.Join(cs, ", "), jstr(df))
		if r.inline != nil {
			line += ", \"dockerfile-inline\": " + jstr(*r.inline)
		}
		fmt.Printf("%s}%s\n", line, sep)
	}
	fmt.Println("}")
}
