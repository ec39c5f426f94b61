// Package promhttp is a stand-in for wolfify's offline build tests, not the real client:
// Handler serves an empty metrics page.
package promhttp

import "net/http"

func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	})
}
