<?php

// Stand-in for wolfify's offline build tests, not the real Symfony Console.

namespace Symfony\Component\Console\Input;

class ArgvInput
{
    private array $tokens;

    public function __construct(?array $argv = null)
    {
        $this->tokens = array_slice($argv ?? $_SERVER['argv'], 1);
    }

    public function getFirstArgument(): ?string
    {
        foreach ($this->tokens as $token) {
            if ($token !== '' && $token[0] !== '-') {
                return $token;
            }
        }
        return null;
    }
}
