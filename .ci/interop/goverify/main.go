// goverify checks a Dossier log with Go's golang.org/x/mod/sumdb/{note,tlog}, an
// implementation independent of Dossier's own code.
//
// Usage: goverify LOGDIR VKEY-FILE < commands
//
// It verifies LOGDIR/checkpoint with the verifier key (note.Open), authenticates the tiles
// against the checkpoint (tlog.TileHashReader), then runs each command line from stdin:
//
//	proof <tlog-proof file> <entry file>    check a c2sp.org/tlog-proof@v1 (note + CheckRecord),
//	                                        and that Go's own ProveRecord gives the same hashes
//	consistency <old> <new> <proof file>    check base64 hashes (one per line) with CheckTree
//	entry <index> <entry file>              the entry bundle holds exactly these bytes
//
// Build in GOPATH mode with Debian's golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o goverify .ci/interop/goverify/main.go
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "goverify: "+format+"\n", args...)
	os.Exit(1)
}

// tilePath maps Go's tile names onto the C2SP tlog-tiles layout (no height segment,
// "entries" instead of "data").
func tilePath(t tlog.Tile) string {
	p := t.Path() // tile/8/L/NNN[.p/W]
	p = strings.TrimPrefix(p, "tile/8/")
	if strings.HasPrefix(p, "data/") {
		p = "entries/" + strings.TrimPrefix(p, "data/")
	}
	return "tile/" + p
}

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := os.ReadFile(filepath.Join(d.dir, tilePath(t)))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

// openCheckpoint verifies a signed checkpoint and parses origin, size and root.
func openCheckpoint(msg []byte, v note.Verifier) (string, tlog.Tree) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}
	if lines[0] != v.Name() {
		fail("checkpoint origin %q is not the key name %q", lines[0], v.Name())
	}
	return lines[0], tlog.Tree{N: size, Hash: root}
}

func readHashes(lines []string) []tlog.Hash {
	var hs []tlog.Hash
	for _, l := range lines {
		if l == "" {
			continue
		}
		h, err := tlog.ParseHash(l)
		if err != nil {
			fail("hash %q: %v", l, err)
		}
		hs = append(hs, h)
	}
	return hs
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: goverify LOGDIR VKEY-FILE < commands")
	}
	dir := os.Args[1]
	vkey, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("verifier key: %v", err)
	}
	cp, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	origin, tree := openCheckpoint(cp, verifier)
	reader := tlog.TileHashReader(tree, dirTiles{dir})
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil {
		fail("tree hash from tiles: %v", err)
	}
	if root != tree.Hash {
		fail("tiles give root %v, checkpoint says %v", root, tree.Hash)
	}
	fmt.Printf("ok checkpoint %s size %d verified, tiles authenticated\n", origin, tree.N)

	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "proof":
			text, err := os.ReadFile(f[1])
			if err != nil {
				fail("%v", err)
			}
			entry, err := os.ReadFile(f[2])
			if err != nil {
				fail("%v", err)
			}
			parts := strings.SplitN(string(text), "\n\n", 2)
			if len(parts) != 2 {
				fail("%s: no blank line", f[1])
			}
			head := strings.Split(parts[0], "\n")
			if head[0] != "c2sp.org/tlog-proof@v1" {
				fail("%s: bad header", f[1])
			}
			i := 1
			if strings.HasPrefix(head[i], "extra ") {
				i++
			}
			index, err := strconv.ParseInt(strings.TrimPrefix(head[i], "index "), 10, 64)
			if err != nil {
				fail("%s: index: %v", f[1], err)
			}
			hashes := readHashes(head[i+1:])
			_, ptree := openCheckpoint([]byte(parts[1]), verifier)
			if err := tlog.CheckRecord(tlog.RecordProof(hashes), ptree.N, ptree.Hash, index, tlog.RecordHash(entry)); err != nil {
				fail("%s: CheckRecord: %v", f[1], err)
			}
			if ptree.N == tree.N {
				own, err := tlog.ProveRecord(tree.N, index, reader)
				if err != nil {
					fail("ProveRecord: %v", err)
				}
				if fmt.Sprint(own) != fmt.Sprint(tlog.RecordProof(hashes)) {
					fail("%s: Go's own proof for %d differs", f[1], index)
				}
			}
			fmt.Printf("ok proof of entry %d in tree %d\n", index, ptree.N)
		case "consistency":
			oldN, _ := strconv.ParseInt(f[1], 10, 64)
			newN, _ := strconv.ParseInt(f[2], 10, 64)
			text, err := os.ReadFile(f[3])
			if err != nil {
				fail("%v", err)
			}
			hashes := readHashes(strings.Split(string(text), "\n"))
			oldH, err := tlog.TreeHash(oldN, reader)
			if err != nil {
				fail("TreeHash(%d): %v", oldN, err)
			}
			newH, err := tlog.TreeHash(newN, reader)
			if err != nil {
				fail("TreeHash(%d): %v", newN, err)
			}
			if err := tlog.CheckTree(tlog.TreeProof(hashes), newN, newH, oldN, oldH); err != nil {
				fail("CheckTree %d -> %d: %v", oldN, newN, err)
			}
			fmt.Printf("ok consistency %d -> %d\n", oldN, newN)
		case "entry":
			index, _ := strconv.ParseInt(f[1], 10, 64)
			want, err := os.ReadFile(f[2])
			if err != nil {
				fail("%v", err)
			}
			t := tlog.TileForIndex(8, tlog.StoredHashIndex(0, index))
			t.L = -1
			// The bundle holding the entry: full unless it is the last, partial one.
			if (t.N+1)*256 > tree.N {
				t.W = int(tree.N - t.N*256)
			} else {
				t.W = 256
			}
			data, err := os.ReadFile(filepath.Join(dir, tilePath(t)))
			if err != nil {
				fail("%v", err)
			}
			var got []byte
			pos := 0
			for k := int64(0); k <= index%256; k++ {
				if pos+2 > len(data) {
					fail("bundle truncated")
				}
				n := int(binary.BigEndian.Uint16(data[pos:]))
				got = data[pos+2 : pos+2+n]
				pos += 2 + n
			}
			if !bytes.Equal(got, want) {
				fail("entry %d differs", index)
			}
			if tlog.RecordHash(got) != mustHash(reader, index) {
				fail("entry %d does not hash to its leaf", index)
			}
			fmt.Printf("ok entry %d\n", index)
		default:
			fail("unknown command %q", f[0])
		}
	}
}

func mustHash(r tlog.HashReader, index int64) tlog.Hash {
	hs, err := r.ReadHashes([]int64{tlog.StoredHashIndex(0, index)})
	if err != nil {
		fail("ReadHashes: %v", err)
	}
	return hs[0]
}
