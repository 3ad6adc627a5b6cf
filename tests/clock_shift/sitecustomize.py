"""Imported by every Python process of a hard-days run (``python -m tests.hard_days`` puts
this folder on PYTHONPATH): the process's clock is moved by the run's shift, in seconds,
and keeps ticking from there. The test process, the servers it starts and the commands
they run all read one moved "now", as the processes of a real site read one real clock.

Not a module of the product: nothing imports it, and without the variable it does nothing.
"""

import os

_shift = os.environ.get("TEST_CLOCK_SHIFT_SECONDS")
if _shift:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_shift), tick=True).start()
