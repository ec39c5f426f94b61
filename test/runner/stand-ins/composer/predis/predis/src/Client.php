<?php

// Stand-in for wolfify's offline build tests, not the real Predis.

namespace Predis;

class Client
{
}
