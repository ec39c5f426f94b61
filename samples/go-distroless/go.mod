module github.com/example/billing-api

go 1.24

require (
	github.com/go-chi/chi/v5 v5.2.0
	github.com/jackc/pgx/v5 v5.7.2
)
