<?php

// Stand-in for wolfify's offline build tests, not the real Laravel. Of the artisan commands
// a Dockerfile runs at build time it knows storage:link, done as Laravel does it: the link
// public/storage → storage/app/public.

namespace Illuminate\Foundation;

use Symfony\Component\Console\Input\ArgvInput;

class Application
{
    public function __construct(private string $basePath)
    {
    }

    public static function configure(?string $basePath = null): ApplicationBuilder
    {
        return new ApplicationBuilder(new self($basePath ?? getcwd()));
    }

    public function handleCommand(ArgvInput $input): int
    {
        $command = $input->getFirstArgument();
        if ($command !== 'storage:link') {
            fwrite(STDERR, "artisan (stand-in): only storage:link is supported, not {$command}\n");
            return 1;
        }
        $link = $this->basePath . '/public/storage';
        $target = $this->basePath . '/storage/app/public';
        if (file_exists($link)) {
            fwrite(STDERR, "The [public/storage] link already exists.\n");
            return 0;
        }
        symlink($target, $link);
        echo "The [public/storage] link has been connected to [storage/app/public].\n";
        return 0;
    }
}
