// Package chi is a stand-in for wolfify's offline build tests, not the real router: the
// few names the samples use, on net/http's ServeMux.
package chi

import "net/http"

type Mux struct{ mux *http.ServeMux }

func NewRouter() *Mux { return &Mux{mux: http.NewServeMux()} }

func (m *Mux) Get(pattern string, handler http.HandlerFunc) { m.mux.HandleFunc(pattern, handler) }

func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.mux.ServeHTTP(w, r) }
