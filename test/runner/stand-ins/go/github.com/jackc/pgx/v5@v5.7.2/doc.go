// Package pgx is a stand-in for wolfify's offline build tests, not the real driver.
package pgx
