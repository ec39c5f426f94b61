<?php

// Stand-in for wolfify's offline build tests: bootstrap/app.php's builder calls, accepted.

namespace Illuminate\Foundation;

class ApplicationBuilder
{
    public function __construct(private Application $app)
    {
    }

    public function __call(string $name, array $arguments): static
    {
        return $this;
    }

    public function create(): Application
    {
        return $this->app;
    }
}
