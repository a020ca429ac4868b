// Stands for a Java migration in a location: named as not checked, never compiled.
