package club.micromining.persistence;
