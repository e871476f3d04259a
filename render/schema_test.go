package render

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// schemaLines describes the JSON schema as render writes it: one line per
// key, "path type", found by walking the types toJSON returns, so that the
// description cannot drift from the code. Lists are "key[]", objects
// "object", maps "map".
func schemaLines() []string {
	var out []string
	var walk func(path string, t reflect.Type)
	walk = func(path string, t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice:
			if t.Elem().Kind() == reflect.Uint8 {
				out = append(out, path+" bytes")
				return
			}
			walk(path+"[]", t.Elem())
			return
		case reflect.Map:
			out = append(out, path+" map of "+t.Elem().Kind().String())
			return
		case reflect.Struct:
			if t.PkgPath() == "time" {
				out = append(out, path+" time")
				return
			}
			if path != "" {
				out = append(out, path+" object")
			}
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "-" || !f.IsExported() {
					continue
				}
				if name == "" {
					name = f.Name
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				walk(p, f.Type)
			}
			return
		}
		out = append(out, path+" "+t.Kind().String())
	}
	// toJSON is a func; start from what it returns.
	walk("", reflect.TypeOf(toJSON).Out(0))
	slices.Sort(out)
	return out
}

// TestSchemaGuard keeps the JSON schema's promise (README, "JSON schema"):
// "schema" changes when a key is removed or changes type, and new keys
// may be added. testdata/schema-v<N>.txt lists every key of schema N. A
// key that is gone or has another type fails the test until SchemaVersion
// is raised (and a new file written); a new key fails until it is added to
// the file (go test ./render -update adds new keys, never removes any) and
// named in README.md.
func TestSchemaGuard(t *testing.T) {
	got := schemaLines()
	path := filepath.Join("testdata", fmt.Sprintf("schema-v%d.txt", SchemaVersion))
	b, err := os.ReadFile(path)
	if err != nil && !(*update && os.IsNotExist(err)) {
		t.Fatalf("%v: the keys of schema %d must be committed (go test ./render -update writes them)", err, SchemaVersion)
	}
	var want []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	var added []string
	for _, l := range got {
		if !slices.Contains(want, l) {
			added = append(added, l)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("schema %d lists %q, which the JSON no longer has: a removed key or a changed type needs a new schema version (raise SchemaVersion, write testdata/schema-v%d.txt, say so in README.md)", SchemaVersion, l, SchemaVersion+1)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range got {
		key, _, _ := strings.Cut(l, " ")
		key = strings.TrimSuffix(key[strings.LastIndexByte(key, '.')+1:], "[]")
		key = strings.TrimSuffix(key, "[]")
		if !strings.Contains(string(readme), "`"+key+"`") {
			t.Errorf("JSON key %q (%s) is not named in README.md's JSON tables", key, l)
		}
	}
	if len(added) == 0 {
		return
	}
	if !*update {
		t.Errorf("keys not in %s (document them in README.md, then go test ./render -update adds them):\n%s", path, strings.Join(added, "\n"))
		return
	}
	all := append(want, added...)
	slices.Sort(all)
	head := fmt.Sprintf("# JSON schema %d: every key of report --json, \"path type\" (render/schema_test.go).\n# Keys may be added; removing one or changing its type needs a new schema version.\n", SchemaVersion)
	if err := os.WriteFile(path, []byte(head+strings.Join(all, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
