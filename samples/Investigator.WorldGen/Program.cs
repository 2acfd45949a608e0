// Placeholder entry point; the generator is being written.
return 0;
