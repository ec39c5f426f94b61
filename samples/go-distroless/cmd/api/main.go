package main

import (
	"flag"
	"log"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
)

var (
	version = "dev"
	commit  = "unknown"
)

func main() {
	serve := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := serve.String("addr", ":8080", "listen address")
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		log.Fatal("usage: api serve [--addr=:8080]")
	}
	_ = serve.Parse(os.Args[2:])

	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	log.Printf("billing-api %s (%s) listening on %s", version, commit, *addr)
	log.Fatal(http.ListenAndServe(*addr, r))
}
