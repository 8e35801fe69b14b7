// gotar: read a tar the way the Docker daemon does, with Go's archive/tar.
//
//	gotar FILE|-          list every entry, reading its data to the end
//	gotar -detect FILE|-  the docker CLI's "archive or Dockerfile?" test
//
// Listing follows moby's go-archive Untar: Next() until io.EOF, each
// entry's data read in full, PAX global headers skipped (Untar ignores
// them).  One line an entry:
//
//	TYPE MODE UID GID SIZE MTIME NAME [-> LINK] [sha256:HEX]
//
// TYPE is f d l h p c b, MODE the permission bits in octal, MTIME whole
// seconds; NAME and LINK escape bytes <= 0x20, >= 0x7f and '\' as \xHH, a
// directory's trailing '/' dropped (test/engine/pytar.py prints the same).
// Any error: "gotar: ERROR: ..." on stderr and exit 1.
//
// -detect reads the first 512 bytes only and does what the docker CLI's
// build.IsArchive does with them (cli/command/image/build/context.go):
// a compression magic, or one tar.Reader.Next() without error, means
// "archive" (exit 0); anything else "dockerfile" (exit 1).
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"strings"
)

func esc(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || c == '\\' {
			fmt.Fprintf(&b, "\\x%02x", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "gotar: ERROR: "+format+"\n", a...)
	os.Exit(1)
}

func open(name string) io.Reader {
	if name == "-" {
		return bufio.NewReader(os.Stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		fail("%v", err)
	}
	return bufio.NewReader(f)
}

var magics = [][]byte{
	{0x42, 0x5A, 0x68},                   // bzip2
	{0x1F, 0x8B, 0x08},                   // gzip
	{0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00}, // xz
	{0x28, 0xb5, 0x2f, 0xfd},             // zstd
}

func detect(r io.Reader) {
	hdr := make([]byte, 512)
	n, err := io.ReadFull(r, hdr)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		fail("%v", err)
	}
	hdr = hdr[:n]
	for _, m := range magics {
		if bytes.HasPrefix(hdr, m) {
			fmt.Println("archive (compressed)")
			return
		}
	}
	if _, err := tar.NewReader(bytes.NewReader(hdr)).Next(); err != nil {
		fmt.Printf("dockerfile (%v)\n", err)
		os.Exit(1)
	}
	fmt.Println("archive")
}

func typeOf(t byte) string {
	switch t {
	case tar.TypeReg, tar.TypeRegA:
		return "f"
	case tar.TypeDir:
		return "d"
	case tar.TypeSymlink:
		return "l"
	case tar.TypeLink:
		return "h"
	case tar.TypeFifo:
		return "p"
	case tar.TypeChar:
		return "c"
	case tar.TypeBlock:
		return "b"
	}
	return fmt.Sprintf("?%q", t)
}

func list(r io.Reader) {
	tr := tar.NewReader(r)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			out.Flush()
			fail("%v", err)
		}
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		sum := sha256.New()
		if _, err := io.Copy(sum, tr); err != nil {
			out.Flush()
			fail("%s: %v", esc(h.Name), err)
		}
		name := h.Name
		if h.Typeflag == tar.TypeDir {
			name = strings.TrimSuffix(name, "/")
		}
		fmt.Fprintf(out, "%s %04o %d %d %d %d %s", typeOf(h.Typeflag),
			h.Mode&07777, h.Uid, h.Gid, h.Size, h.ModTime.Unix(), esc(name))
		if h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink {
			fmt.Fprintf(out, " -> %s", esc(h.Linkname))
		}
		if h.Typeflag == tar.TypeReg || h.Typeflag == tar.TypeRegA {
			fmt.Fprintf(out, " sha256:%x", sum.Sum(nil))
		}
		fmt.Fprintln(out)
	}
}

func main() {
	switch {
	case len(os.Args) == 3 && os.Args[1] == "-detect":
		detect(open(os.Args[2]))
	case len(os.Args) == 2:
		list(open(os.Args[1]))
	default:
		fmt.Fprintln(os.Stderr, "usage: gotar [-detect] FILE|-")
		os.Exit(2)
	}
}
